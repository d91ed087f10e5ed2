package dev.bootstrap.upgrade;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Whether two static-pod manifests mean the same Pod, and their unified diff. Equality is of the decoded
 * documents, not the bytes: key order, quoting, layout and empty or null fields ({@code creationTimestamp: null},
 * {@code resources: {}}) do not count. A kubelet hashes the decoded Pod, so a manifest that differs only in
 * those ways gets no new {@code kubernetes.io/config.hash}, and waiting for one would time out
 * (docs/kubeadm-compat.md#static-pod-swap).
 */
public final class ManifestComparison {

    private ManifestComparison() {
    }

    /** @throws IllegalArgumentException when either is not a YAML mapping, naming {@code what} */
    public static boolean sameObject(byte[] current, byte[] next, String what) {
        return normalized(current, what).equals(normalized(next, what));
    }

    /** The manifest as compared: a mapping without null and empty values, recursively. */
    static Object normalized(byte[] manifest, String what) {
        Object tree;
        try {
            tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(manifest, StandardCharsets.UTF_8));
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw new IllegalArgumentException(what + " is not valid YAML: " + e.getMessage(), e);
        }
        if (!(tree instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(what + " is not a Pod manifest (no YAML mapping)");
        }
        return prune(tree);
    }

    private static Object prune(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                Object pruned = prune(v);
                if (!empty(pruned)) {
                    out.put(k, pruned);
                }
            });
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(prune(v)));
            return out;
        }
        return value;
    }

    private static boolean empty(Object v) {
        return v == null || (v instanceof Map<?, ?> m && m.isEmpty()) || (v instanceof List<?> l && l.isEmpty());
    }

    /**
     * A unified diff ({@code --- path} / {@code +++ path}, hunks with {@code context} lines around each change) as
     * kubeadm's upgrade diff prints it; "" when the texts are equal.
     */
    public static String unifiedDiff(String path, String current, String next, int context) {
        List<String> a = current.lines().toList();
        List<String> b = next.lines().toList();
        List<String> lines = UnifiedDiffUtils.generateUnifiedDiff(path, path, a, DiffUtils.diff(a, b), context);
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }
}
