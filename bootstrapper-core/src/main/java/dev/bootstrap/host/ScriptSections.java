package dev.bootstrap.host;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Output of a batched node command that marks its parts with "### name" header lines: the lines
 * under each header, by name. Lines before the first header are dropped (stray tool output).
 */
public final class ScriptSections {

    private ScriptSections() {
    }

    public static Map<String, List<String>> parse(String stdout) {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : stdout.split("\n")) {
            if (line.startsWith("### ")) {
                current = new ArrayList<>();
                sections.put(line.substring(4).trim(), current);
            } else if (current != null) {
                current.add(line);
            }
        }
        return sections;
    }
}
