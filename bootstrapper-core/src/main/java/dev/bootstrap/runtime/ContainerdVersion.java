package dev.bootstrap.runtime;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * containerd's release as {@code containerd --version} prints it ("containerd &lt;package&gt; &lt;version&gt;
 * &lt;revision&gt;", e.g. "containerd containerd.io 1.7.27 05044ec0...", Debian's "containerd
 * github.com/containerd/containerd 1.6.20~ds1 1.6.20~ds1-1+b1", upstream's "... v2.1.4 ..."), and the config
 * format that release reads.
 */
public record ContainerdVersion(int major, int minor, int patch) {

    /** The supported releases, for messages. */
    public static final String SUPPORTED = "1.6, 1.7 and 2.0 to 2.2";

    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)([-+~.].*)?");

    /**
     * The {@code version = N} header of /etc/containerd/config.toml and the template written in it. Version 3
     * came with containerd 2.0 (containerd's docs/cri/config.md); 1.x reads at most 2
     * (services/server/config/config.go @ v1.7).
     */
    public enum ConfigFormat {
        V2(2, "containerd/config-v2.toml"), V3(3, "containerd/config-v3.toml");

        private final int version;
        private final String template;

        ConfigFormat(int version, String template) {
            this.version = version;
            this.template = template;
        }

        public int version() {
            return version;
        }

        String template() {
            return template;
        }
    }

    /** The version in {@code containerd --version}'s output. */
    public static ContainerdVersion parse(String versionOutput) {
        String line = versionOutput.strip();
        String[] words = line.split("\\s+");
        if (words.length >= 3 && words[0].equals("containerd")) {
            for (String word : Arrays.copyOfRange(words, 2, words.length)) {
                Matcher m = VERSION.matcher(word);
                if (m.matches()) {
                    return new ContainerdVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                            Integer.parseInt(m.group(3)));
                }
            }
        }
        throw new ContainerdException("cannot read containerd's version from \"containerd --version\": \"" + line
                + "\" (expected \"containerd <package> <major.minor.patch> <revision>\")");
    }

    /** The config format of this release; a release outside {@link #SUPPORTED} is an error naming it. */
    public ConfigFormat configFormat() {
        if (major == 1 && (minor == 6 || minor == 7)) {
            return ConfigFormat.V2;
        }
        if (major == 2 && minor <= 2) {
            return ConfigFormat.V3;
        }
        throw new ContainerdException("containerd " + this + " is not supported: bootstrap configures containerd "
                + SUPPORTED);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
