package dev.bootstrap.version;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code bootstrap version} prints, in kubeadm's shape (cmd/kubeadm/app/cmd/version.go: apimachinery's
 * version.Info under "clientVersion"), so scripts that read kubeadm's keys read ours. The build stamps
 * the version, commit, tree state and date (bootstrap-version.properties); Go's fields carry the Java
 * runtime's: goVersion is the JVM's version, compiler is javac.
 */
public record VersionInfo(String major, String minor, String gitVersion, String gitCommit, String gitTreeState,
        String buildDate, String goVersion, String compiler, String platform) {

    private static final Pattern MAJOR_MINOR = Pattern.compile("(\\d+)\\.(\\d+).*");
    private static final Pattern NEEDS_QUOTES = Pattern.compile(
            "|[-+.0-9]+|\\d{4}-\\d\\d-\\d\\d.*|(?i:true|false|yes|no|on|off|null|~)|.*[:#\"'{}\\[\\],&*!|>%@`].*");

    /** From the build's properties (keys version, gitCommit, gitTreeState, buildDate) and this JVM. */
    public static VersionInfo of(Properties build) {
        String version = build.getProperty("version", "0.0.0");
        Matcher m = MAJOR_MINOR.matcher(version);
        boolean numbered = m.matches();
        return new VersionInfo(numbered ? m.group(1) : "", numbered ? m.group(2) : "", "v" + version,
                build.getProperty("gitCommit", ""), build.getProperty("gitTreeState", ""),
                build.getProperty("buildDate", ""), "java" + Runtime.version(), "javac",
                System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT) + "/" + arch(System.getProperty("os.arch")));
    }

    /** Go's GOARCH names, which kubeadm's platform uses. */
    static String arch(String osArch) {
        return switch (osArch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            default -> osArch;
        };
    }

    /** kubeadm's default output: Go's %#v of the Info pointer. */
    public String text() {
        StringBuilder s = new StringBuilder("bootstrap version: &version.Info{");
        String sep = "";
        for (Map.Entry<String, String> e : fields().entrySet()) {
            String key = Character.toUpperCase(e.getKey().charAt(0)) + e.getKey().substring(1);
            s.append(sep).append(key).append(':').append(quoted(e.getValue()));
            sep = ", ";
        }
        return s.append('}').toString();
    }

    /** kubeadm's -o short. */
    public String shortText() {
        return gitVersion;
    }

    /** kubeadm's -o json: Go's json.MarshalIndent with two spaces, fields in declaration order. */
    public String json() {
        StringBuilder s = new StringBuilder("{\n  \"clientVersion\": {\n");
        String sep = "";
        for (Map.Entry<String, String> e : fields().entrySet()) {
            s.append(sep).append("    ").append(quoted(e.getKey())).append(": ").append(quoted(e.getValue()));
            sep = ",\n";
        }
        return s.append("\n  }\n}").toString();
    }

    /** kubeadm's -o yaml: sigs.k8s.io/yaml, keys sorted, strings quoted only where YAML would read another type. */
    public String yaml() {
        StringBuilder s = new StringBuilder("clientVersion:\n");
        new java.util.TreeMap<>(fields()).forEach((k, v) ->
                s.append("  ").append(k).append(": ").append(NEEDS_QUOTES.matcher(v).matches() ? quoted(v) : v).append('\n'));
        return s.toString();
    }

    private Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("major", major);
        f.put("minor", minor);
        f.put("gitVersion", gitVersion);
        f.put("gitCommit", gitCommit);
        f.put("gitTreeState", gitTreeState);
        f.put("buildDate", buildDate);
        f.put("goVersion", goVersion);
        f.put("compiler", compiler);
        f.put("platform", platform);
        return f;
    }

    /** A Go/JSON double-quoted string. */
    private static String quoted(String value) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }
}
