package dev.bootstrap.preflight;

import dev.bootstrap.host.HostException;
import dev.bootstrap.preflight.NodeFacts.CriCondition;
import dev.bootstrap.preflight.NodeFacts.CriStatus;
import dev.bootstrap.preflight.NodeFacts.KernelConfig;
import dev.bootstrap.preflight.NodeFacts.ModuleState;
import dev.bootstrap.preflight.NodeFacts.RuntimeConfig;
import dev.bootstrap.preflight.NodeFacts.RuntimeSocket;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the sectioned output of gather-facts.sh ("### name" lines, each followed by that probe's raw
 * output) into {@link NodeFacts}. Raw text in, facts out; nothing here decides what is good or bad.
 */
public final class FactsParser {

    /** The format the script announces in its "format" section; bump both together. */
    static final String FORMAT = "1";

    private static final Pattern SECTION = Pattern.compile("^### ([a-z0-9-]+)$");
    private static final Pattern KUBELET_VERSION = Pattern.compile("\\bv?(\\d+\\.\\d+\\.\\d+\\S*)");
    private static final Pattern PROXY_CREDENTIALS = Pattern.compile("(://)[^/@\\s]+@");
    private static final Pattern CRI_RUNTIME_NAME = Pattern.compile("RuntimeName:\\s*(\\S+)");
    private static final Pattern CRI_RUNTIME_VERSION = Pattern.compile("RuntimeVersion:\\s*(\\S+)");
    private static final Pattern CGROUP_DRIVER = Pattern.compile("native\\.cgroupdriver\\s*=\\s*(\\S+)");
    private static final Pattern TOML_BOOL = Pattern.compile("^\\s*SystemdCgroup\\s*=\\s*(true|false)");
    private static final Pattern CRIO_MANAGER = Pattern.compile("^\\s*cgroup_manager\\s*=\\s*\"?([a-z]+)\"?");
    /** A listening unix socket in /proc/net/unix has __SO_ACCEPTCON (0x10000) in its flags. */
    private static final int SO_ACCEPTCON = 0x10000;

    private FactsParser() {
    }

    /**
     * @param host       the host's name, for errors and the facts
     * @param output     stdout of gather-facts.sh
     * @param observedAt this machine's clock at the middle of the round trip
     * @throws HostException when the output is not (complete) gather-facts.sh output
     */
    public static NodeFacts parse(String host, String output, Instant observedAt) {
        try {
            return read(host, sections(output), observedAt);
        } catch (HostException e) {
            throw e;
        } catch (RuntimeException e) {
            // A probe printed something unexpected: say so instead of failing with a bare parse error.
            throw new HostException(host, "cannot read the preflight facts the node reported: " + e, e);
        }
    }

    private static NodeFacts read(String host, Map<String, List<String>> s, Instant observedAt) {
        if (!List.of(FORMAT).equals(s.get("format"))) {
            throw new HostException(host, "preflight facts are not in format " + FORMAT
                    + " of gather-facts.sh (got " + s.get("format") + ")");
        }
        if (!s.containsKey("end")) {
            String last = s.keySet().stream().reduce((a, b) -> b).orElse("none");
            throw new HostException(host, "preflight facts are incomplete: the output ends after section '" + last
                    + "'; the fact-gathering script was cut off");
        }
        return new NodeFacts(
                host,
                osRelease(s.get("os-release")),
                first(s, "kernel"),
                first(s, "pid1"),
                integer(first(s, "euid"), -1),
                integer(first(s, "nproc"), 0),
                memTotalKiB(first(s, "meminfo")),
                swaps(s.get("swaps")),
                s.get("fstab-swap"),
                first(s, "cgroupfs"),
                cgroupControllers(first(s, "cgroupfs"), s.get("cgroup-controllers"), s.get("proc-cgroups")),
                modules(s.get("modules")),
                keyValues(s.get("sysctl"), true),
                keyValues(s.get("tools"), false),
                sockets(s.get("sockets"), s.get("unix-listeners")),
                criStatuses(s.get("cri-info")),
                criVersions(s.getOrDefault("cri-version", List.of())),
                runtimeConfig(s),
                kubeletVersion(first(s, "kubelet")),
                first(s, "kubelet-service"),
                first(s, "firewalld"),
                first(s, "selinux-enforce"),
                first(s, "hostname"),
                !s.get("hostname-lookup").isEmpty(),
                addresses(s.get("addresses")),
                listeners(s.get("tcp-listen")),
                new LinkedHashSet<>(s.get("files")),
                dirState(first(s, "etcd-dir")),
                etcdAnswers(s.get("etcd-version")),
                kernelConfig(s.get("kernel-config")),
                new LinkedHashSet<>(s.get("cpu-virt")),
                proxyEnv(s.get("proxy-env")),
                nodeTime(first(s, "time")),
                observedAt);
    }

    /** Section name to its non-blank lines; every known section is present, possibly empty. */
    static Map<String, List<String>> sections(String output) {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : output.split("\n", -1)) {
            Matcher m = SECTION.matcher(line);
            if (m.matches()) {
                current = sections.computeIfAbsent(m.group(1), k -> new ArrayList<>());
            } else if (current != null && !line.isBlank()) {
                current.add(line.stripTrailing());
            }
        }
        return new DefaultingMap(sections);
    }

    /** Missing sections read as empty, so a fixture or an older script needs no special cases. */
    private static final class DefaultingMap extends LinkedHashMap<String, List<String>> {
        DefaultingMap(Map<String, List<String>> m) {
            super(m);
        }

        @Override
        public List<String> get(Object key) {
            List<String> v = super.get(key);
            return v == null ? List.of() : v;
        }
    }

    private static String first(Map<String, List<String>> s, String name) {
        List<String> lines = s.get(name);
        return lines.isEmpty() ? "" : lines.get(0).strip();
    }

    private static int integer(String value, int unknown) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return unknown;
        }
    }

    static Map<String, String> osRelease(List<String> lines) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                String v = line.substring(eq + 1).strip();
                if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
                    v = v.substring(1, v.length() - 1);
                }
                m.put(line.substring(0, eq).strip(), v);
            }
        }
        return m;
    }

    private static long memTotalKiB(String line) {
        String[] f = line.split("\\s+");
        return f.length >= 2 ? Long.parseLong(f[1]) : 0;
    }

    /** Swap devices from /proc/swaps, without its header line. */
    private static List<String> swaps(List<String> lines) {
        return lines.stream().filter(l -> !l.startsWith("Filename")).map(l -> l.split("\\s+")[0]).toList();
    }

    private static Set<String> cgroupControllers(String fsType, List<String> v2, List<String> procCgroups) {
        Set<String> out = new LinkedHashSet<>();
        if ("cgroup2fs".equals(fsType)) {
            v2.forEach(l -> out.addAll(Arrays.asList(l.strip().split("\\s+"))));
        } else {
            for (String l : procCgroups) {
                String[] f = l.strip().split("\\s+");
                if (!l.startsWith("#") && f.length >= 4 && f[3].equals("1")) {
                    out.add(f[0]);
                }
            }
        }
        return out;
    }

    private static Map<String, ModuleState> modules(List<String> lines) {
        Map<String, ModuleState> m = new LinkedHashMap<>();
        for (String l : lines) {
            String[] f = l.strip().split("\\s+");
            if (f.length == 2) {
                m.put(f[0], ModuleState.valueOf(f[1].toUpperCase(Locale.ROOT)));
            }
        }
        return m;
    }

    /** "key=value" lines; a key without "=" (a missing file) or an empty value is left out. */
    private static Map<String, String> keyValues(List<String> lines, boolean keepEmpty) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : lines) {
            int eq = l.indexOf('=');
            if (eq > 0 && (keepEmpty || eq < l.length() - 1)) {
                m.put(l.substring(0, eq), l.substring(eq + 1).strip());
            }
        }
        return m;
    }

    private static List<RuntimeSocket> sockets(List<String> probes, List<String> unixSockets) {
        Set<String> listening = listeningUnixSockets(unixSockets);
        List<RuntimeSocket> out = new ArrayList<>();
        for (String l : probes) {
            String[] f = l.strip().split("\\s+");
            if (f.length == 2) {
                out.add(new RuntimeSocket(f[0], f[1].equals("socket"), listening.contains(canonical(f[0]))));
            }
        }
        return out;
    }

    /** Paths (with /var/run/ as /run/) of the listening sockets among /proc/net/unix lines. */
    static Set<String> listeningUnixSockets(List<String> procNetUnixLines) {
        Set<String> listening = new LinkedHashSet<>();
        for (String l : procNetUnixLines) {
            String[] f = l.strip().split("\\s+");
            if (f.length >= 8 && f[3].matches("[0-9A-Fa-f]{1,8}") && (Integer.parseInt(f[3], 16) & SO_ACCEPTCON) != 0) {
                listening.add(canonical(f[7]));
            }
        }
        return listening;
    }

    /** /var/run is a symlink to /run on every current distribution; daemons bind either spelling. */
    static String canonical(String socketPath) {
        return socketPath.startsWith("/var/run/") ? socketPath.substring("/var".length()) : socketPath;
    }

    private static RuntimeConfig runtimeConfig(Map<String, List<String>> s) {
        Optional<String> dockerDriver = Optional.empty();
        String dockerError = "";
        String daemonJson = String.join("\n", s.get("docker-daemon-json"));
        if (!daemonJson.isBlank()) {
            try {
                JsonNode opts = JsonMapper.shared().readTree(daemonJson).path("exec-opts");
                for (JsonNode opt : opts) {
                    Matcher m = CGROUP_DRIVER.matcher(opt.asString(""));
                    if (m.find()) {
                        dockerDriver = Optional.of(m.group(1));
                    }
                }
            } catch (JacksonException e) {
                dockerError = e.getOriginalMessage();
            }
        }
        Optional<Boolean> systemdCgroup = Optional.empty();
        boolean criDisabled = false;
        for (String l : s.get("containerd-config")) {
            Matcher m = TOML_BOOL.matcher(l);
            if (m.find()) {
                systemdCgroup = Optional.of(Boolean.parseBoolean(m.group(1)));
            }
            if (l.strip().startsWith("disabled_plugins") && l.matches(".*[\"'](io\\.containerd\\.grpc\\.v1\\.)?cri[\"'].*")) {
                criDisabled = true;
            }
        }
        Optional<String> crio = Optional.empty();
        for (String l : s.get("crio-config")) {
            Matcher m = CRIO_MANAGER.matcher(l);
            if (m.find()) {
                crio = Optional.of(m.group(1)); // the last one wins, as drop-ins override crio.conf
            }
        }
        return new RuntimeConfig(dockerDriver, dockerError, systemdCgroup, criDisabled, crio);
    }

    /** "socket\tcrictl version output" lines: the socket's RuntimeName and RuntimeVersion, e.g. "containerd v2.0.4". */
    private static Map<String, String> criVersions(List<String> lines) {
        Map<String, String> versions = new LinkedHashMap<>();
        for (String l : lines) {
            String[] f = l.split("\t", 2);
            Matcher name = CRI_RUNTIME_NAME.matcher(f.length == 2 ? f[1] : "");
            Matcher version = CRI_RUNTIME_VERSION.matcher(f.length == 2 ? f[1] : "");
            if (name.find() && version.find()) {
                versions.put(f[0], name.group(1) + " " + version.group(1));
            }
        }
        return versions;
    }

    /** "socket\texit\toutput" lines; the output is crictl info's JSON (newlines as spaces) or its error. */
    private static List<CriStatus> criStatuses(List<String> lines) {
        List<CriStatus> out = new ArrayList<>();
        for (String l : lines) {
            String[] f = l.split("\t", 3);
            if (f.length < 2) {
                continue;
            }
            int exit = Integer.parseInt(f[1].strip());
            String output = f.length == 3 ? f[2].strip() : "";
            if (exit != 0) {
                out.add(new CriStatus(f[0], exit, output, Map.of(), Optional.empty()));
                continue;
            }
            try {
                // Only the JSON: a crictl warning on stderr may come first.
                JsonNode info = JsonMapper.shared().readTree(output.substring(Math.max(0, output.indexOf('{'))));
                Map<String, CriCondition> conditions = new LinkedHashMap<>();
                for (JsonNode c : info.path("status").path("conditions")) {
                    String type = c.path("type").asString("");
                    conditions.put(type, new CriCondition(type, c.path("status").asBoolean(false),
                            c.path("reason").asString(""), c.path("message").asString("")));
                }
                // containerd 1.x: config.sandboxImage; containerd 2.x: config.pinnedImages.sandbox.
                JsonNode config = info.path("config");
                String sandbox = config.path("sandboxImage").asString("");
                if (sandbox.isEmpty()) {
                    sandbox = config.path("pinnedImages").path("sandbox").asString("");
                }
                out.add(new CriStatus(f[0], exit, "", conditions, sandbox.isEmpty() ? Optional.empty() : Optional.of(sandbox)));
            } catch (JacksonException e) {
                out.add(new CriStatus(f[0], exit, "crictl info printed no readable JSON: " + e.getOriginalMessage(),
                        Map.of(), Optional.empty()));
            }
        }
        return out;
    }

    /**
     * "source <path>" then CONFIG_NAME=value lines, "unreadable <path>" or "none"; no lines at all: not
     * probed.
     */
    private static KernelConfig kernelConfig(List<String> lines) {
        if (lines.isEmpty()) {
            return new KernelConfig(false, "", "", Map.of());
        }
        String first = lines.get(0).strip();
        String source = first.startsWith("source ") ? first.substring("source ".length()) : "";
        String unreadable = first.startsWith("unreadable ") ? first.substring("unreadable ".length()) : "";
        Map<String, String> options = new LinkedHashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            int eq = l.indexOf('=');
            if (l.startsWith("CONFIG_") && eq > 0 && eq < l.length() - 1) {
                options.put(l.substring(0, eq), l.substring(eq + 1, eq + 2));
            }
        }
        return new KernelConfig(true, source, unreadable, options);
    }

    /** "state path" (the path may contain spaces); "" when no directory was probed. */
    private static NodeFacts.DirState dirState(String line) {
        int space = line.indexOf(' ');
        return space < 0 ? new NodeFacts.DirState("", line) : new NodeFacts.DirState(line.substring(space + 1), line.substring(0, space));
    }

    /** "exit\tendpoint\toutput" lines; exit "nocurl" when the node has no curl. */
    private static List<NodeFacts.EtcdAnswer> etcdAnswers(List<String> lines) {
        List<NodeFacts.EtcdAnswer> out = new ArrayList<>();
        for (String l : lines) {
            String[] f = l.split("\t", 3);
            if (f.length >= 2) {
                Optional<Integer> exit = f[0].equals("nocurl") ? Optional.empty() : Optional.of(Integer.parseInt(f[0]));
                out.add(new NodeFacts.EtcdAnswer(f[1], exit, f.length == 3 ? f[2].strip() : ""));
            }
        }
        return out;
    }

    private static Optional<String> kubeletVersion(String line) {
        Matcher m = KUBELET_VERSION.matcher(line);
        return m.find() ? Optional.of("v" + m.group(1)) : Optional.empty();
    }

    private static List<String> addresses(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            String[] f = l.strip().split("\\s+");
            for (int i = 0; i + 1 < f.length; i++) {
                if (f[i].equals("inet") || f[i].equals("inet6")) {
                    out.add(f[i + 1].replaceFirst("/\\d+$", ""));
                }
            }
        }
        return out;
    }

    /**
     * Sockets from /proc/net/tcp{,6} LISTEN lines ("sl local_address ..."): the address is hex in the kernel's
     * byte order (each 32-bit word little-endian), the port hex after ':'.
     */
    private static List<NodeFacts.Listener> listeners(List<String> lines) {
        List<NodeFacts.Listener> listeners = new ArrayList<>();
        for (String l : lines) {
            String[] f = l.strip().split("\\s+");
            if (f.length >= 4 && f[3].equals("0A")) {
                int colon = f[1].indexOf(':');
                listeners.add(new NodeFacts.Listener(kernelAddress(f[1].substring(0, colon)),
                        Integer.parseInt(f[1].substring(colon + 1), 16)));
            }
        }
        return listeners;
    }

    private static InetAddress kernelAddress(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = (word * 4 + 3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an address in /proc/net/tcp: " + hex, e);
        }
    }

    /** Proxy variables by lower-case name; user:password in a proxy URL is masked, never kept. */
    private static Map<String, String> proxyEnv(List<String> lines) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : lines) {
            int eq = l.indexOf('=');
            if (eq > 0) {
                String value = PROXY_CREDENTIALS.matcher(l.substring(eq + 1).strip()).replaceAll("$1***@");
                // HTTPS_PROXY and https_proxy both count; like Go, the upper-case one wins.
                String key = l.substring(0, eq).toLowerCase(Locale.ROOT);
                if (!m.containsKey(key) || Character.isUpperCase(l.charAt(0))) {
                    m.put(key, value);
                }
            }
        }
        return m;
    }

    /** date +%s%N: nanoseconds from GNU date; busybox prints a literal N (or only seconds). */
    private static Optional<Instant> nodeTime(String value) {
        String digits = value.replaceAll("\\D+$", "");
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        if (digits.length() > 12) {
            long nanos = Long.parseLong(digits);
            return Optional.of(Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L));
        }
        return Optional.of(Instant.ofEpochSecond(Long.parseLong(digits)));
    }
}
