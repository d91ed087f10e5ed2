package dev.bootstrap.patches;

import java.util.LinkedHashMap;
import java.util.Map;

/** RFC 7386 JSON merge patch: maps merge recursively, null deletes a key, anything else replaces. */
final class MergePatch {

    private MergePatch() {
    }

    @SuppressWarnings("unchecked")
    static Object apply(Object target, Object patch) {
        if (!(patch instanceof Map<?, ?> changes)) {
            return Trees.copy(patch);
        }
        Map<String, Object> result = target instanceof Map<?, ?> map ? (Map<String, Object>) map : new LinkedHashMap<>();
        changes.forEach((key, value) -> {
            String k = String.valueOf(key);
            if (value == null) {
                result.remove(k);
            } else {
                result.put(k, apply(result.get(k), value));
            }
        });
        return result;
    }
}
