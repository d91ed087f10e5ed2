package dev.bootstrap.reset;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The mount points of a node's /proc/mounts, as the kernel lists them. */
final class MountTable {

    private final List<String> mountPoints;

    private MountTable(List<String> mountPoints) {
        this.mountPoints = mountPoints;
    }

    /** Parses /proc/mounts text: the second field of each line, with the kernel's octal escapes decoded. */
    static MountTable parse(String procMounts) {
        List<String> points = new ArrayList<>();
        for (String line : procMounts.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 2) {
                points.add(unescape(fields[1]));
            }
        }
        return new MountTable(points);
    }

    /**
     * Mount points strictly below {@code dir} (a resolved path), deepest first, so that a mount on
     * top of another is unmounted before the one beneath it. A point mounted twice is listed twice:
     * each umount removes one layer.
     */
    List<String> below(String dir) {
        String prefix = dir.endsWith("/") ? dir : dir + "/";
        List<String> under = new ArrayList<>();
        // /proc/mounts lists in mount order; reversing first keeps stacked layers top-first.
        for (int i = mountPoints.size() - 1; i >= 0; i--) {
            if (mountPoints.get(i).startsWith(prefix)) {
                under.add(mountPoints.get(i));
            }
        }
        under.sort(Comparator.comparingInt(MountTable::depth).reversed());
        return under;
    }

    private static int depth(String path) {
        return (int) path.chars().filter(c -> c == '/').count();
    }

    /** The kernel writes space, tab, newline and backslash in mount points as \040, \011, \012, \134. */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
