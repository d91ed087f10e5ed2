package dev.bootstrap.patches;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RFC 6902 JSON patch (add, remove, replace, move, copy, test) with RFC 6901 pointers, on trees of
 * maps and lists. Operations apply in order; the first that fails stops the patch with its number.
 */
final class JsonPatch {

    private JsonPatch() {
    }

    /** Applies {@code patch} (a list of operations) to {@code document}, changing it; returns the new root. */
    static Object apply(Object document, Object patch, String source) {
        if (!(patch instanceof List<?> operations)) {
            throw new PatchException(source + ": a json patch must be a list of operations ({op: ..., path: ...})");
        }
        Object root = document;
        for (int i = 0; i < operations.size(); i++) {
            if (!(operations.get(i) instanceof Map<?, ?> op)) {
                throw new PatchException(source + ": operation " + (i + 1) + " is not a mapping");
            }
            try {
                root = apply(root, op);
            } catch (IllegalArgumentException e) {
                throw new PatchException(source + ": operation " + (i + 1) + " (" + op.get("op") + " " + op.get("path")
                        + "): " + e.getMessage(), e);
            }
        }
        return root;
    }

    private static Object apply(Object root, Map<?, ?> op) {
        String name = string(op, "op");
        List<String> path = pointer(string(op, "path"));
        switch (name) {
            case "add":
                return add(root, path, Trees.copy(value(op)));
            case "remove":
                return remove(root, path);
            case "replace":
                get(root, path);
                return add(remove(root, path), path, Trees.copy(value(op)));
            case "move": {
                List<String> from = pointer(string(op, "from"));
                if (path.size() > from.size() && path.subList(0, from.size()).equals(from)) {
                    throw new IllegalArgumentException("cannot move a value into itself (from " + op.get("from") + ")");
                }
                Object value = get(root, from);
                return add(remove(root, from), path, value);
            }
            case "copy":
                return add(root, path, Trees.copy(get(root, pointer(string(op, "from")))));
            case "test":
                if (!Trees.jsonEquals(get(root, path), value(op))) {
                    throw new IllegalArgumentException("test failed: the value is " + get(root, path) + ", not "
                            + value(op));
                }
                return root;
            default:
                throw new IllegalArgumentException("unknown op \"" + name + "\" (expected add, remove, replace, move, "
                        + "copy or test)");
        }
    }

    private static String string(Map<?, ?> op, String key) {
        if (!(op.get(key) instanceof String s)) {
            throw new IllegalArgumentException("\"" + key + "\" must be a string");
        }
        return s;
    }

    private static Object value(Map<?, ?> op) {
        if (!op.containsKey("value")) {
            throw new IllegalArgumentException("\"value\" is required");
        }
        return op.get("value");
    }

    /** RFC 6901: "" is the whole document; "/a/b~1c" is a, b/c. */
    static List<String> pointer(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("\"" + text + "\" is not a JSON pointer (it must start with /)");
        }
        List<String> tokens = new ArrayList<>();
        for (String raw : text.substring(1).split("/", -1)) {
            tokens.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }

    private static Object get(Object root, List<String> path) {
        Object node = root;
        for (int i = 0; i < path.size(); i++) {
            String token = path.get(i);
            if (node instanceof Map<?, ?> map && map.containsKey(token)) {
                node = map.get(token);
            } else if (node instanceof List<?> list) {
                node = list.get(index(token, list.size(), false, path.subList(0, i + 1)));
            } else {
                throw new IllegalArgumentException("no value at " + render(path.subList(0, i + 1)));
            }
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Object add(Object root, List<String> path, Object value) {
        if (path.isEmpty()) {
            return value;
        }
        Object parent = get(root, path.subList(0, path.size() - 1));
        String last = path.get(path.size() - 1);
        if (parent instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).put(last, value);
        } else if (parent instanceof List<?> list) {
            ((List<Object>) list).add(last.equals("-") ? list.size() : index(last, list.size(), true, path), value);
        } else {
            throw new IllegalArgumentException(render(path.subList(0, path.size() - 1)) + " is not an object or array");
        }
        return root;
    }

    private static Object remove(Object root, List<String> path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("cannot remove the whole document");
        }
        Object parent = get(root, path.subList(0, path.size() - 1));
        String last = path.get(path.size() - 1);
        if (parent instanceof Map<?, ?> map && map.containsKey(last)) {
            map.remove(last);
        } else if (parent instanceof List<?> list) {
            list.remove(index(last, list.size(), false, path));
        } else {
            throw new IllegalArgumentException("no value at " + render(path));
        }
        return root;
    }

    /** An array index below {@code size} (or equal to it when adding), without leading zeros (RFC 6901). */
    private static int index(String token, int size, boolean adding, List<String> path) {
        int limit = adding ? size : size - 1;
        if (!token.matches("0|[1-9][0-9]{0,8}") || Integer.parseInt(token) > limit) {
            throw new IllegalArgumentException("no array element " + render(path) + " (the array has " + size
                    + " element(s))");
        }
        return Integer.parseInt(token);
    }

    private static String render(List<String> path) {
        StringBuilder b = new StringBuilder();
        path.forEach(t -> b.append('/').append(t.replace("~", "~0").replace("/", "~1")));
        return b.toString();
    }
}
