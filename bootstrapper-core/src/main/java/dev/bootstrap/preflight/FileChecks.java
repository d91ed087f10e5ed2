package dev.bootstrap.preflight;

/** Files a previous cluster leaves behind, and /proc/sys switches kubeadm reads (path-named checks). */
final class FileChecks {

    static final String RESET_HINT = "a previous cluster is on this node: run 'bootstrap reset' (or 'kubeadm reset') first";

    private FileChecks() {
    }

    /** FileAvailable--<path>: the file must not exist yet. */
    static Check fileAvailable(String path) {
        String name = Check.pathName("FileAvailable", path);
        return Check.of(name, f -> f.existingFiles().contains(path)
                ? CheckResult.fail(name, Severity.ERROR, path + " already exists", RESET_HINT)
                : CheckResult.pass(name, Severity.ERROR, path + " does not exist"));
    }

    /** DirAvailable--<path>: the directory is absent or empty (etcd's data dir, as the facts probed it). */
    static Check dirAvailable(String path) {
        String name = Check.pathName("DirAvailable", path);
        return Check.of(name, f -> {
            NodeFacts.DirState dir = f.etcdDir();
            if (!dir.path().equals(path)) {
                throw new IllegalStateException("the facts of " + f.host() + " describe the etcd data directory '"
                        + dir.path() + "', not " + path + ": gather them with the configuration that is checked");
            }
            return switch (dir.state()) {
                case "nonempty" -> CheckResult.fail(name, Severity.ERROR, path + " is not empty", RESET_HINT);
                case "notdir" -> CheckResult.fail(name, Severity.ERROR, path + " is not a directory",
                        "remove " + path + " (etcd keeps its data there)");
                default -> CheckResult.pass(name, Severity.ERROR, path + " is " + dir.state());
            };
        });
    }

    /** kubeadm's FileExistingCheck with a label: the file must exist. */
    static Check fileExisting(String name, String path, String fix) {
        return Check.of(name, f -> f.existingFiles().contains(path)
                ? CheckResult.pass(name, Severity.ERROR, path + " exists")
                : CheckResult.fail(name, Severity.ERROR, path + " doesn't exist", fix));
    }

    /**
     * FileContent--proc-sys-...: the /proc/sys switch must read "1".
     *
     * @param sysctlPath path under /proc/sys ("net/ipv4/ip_forward")
     * @param fix        how to turn it on persistently
     */
    static Check fileContent(String sysctlPath, Severity severity, String fix) {
        String path = "/proc/sys/" + sysctlPath;
        String name = Check.pathName("FileContent", path);
        return Check.of(name, f -> f.sysctl(sysctlPath)
                .map(v -> v.startsWith("1")
                        ? CheckResult.pass(name, severity, path + " is 1")
                        : CheckResult.fail(name, severity, path + " contents are not set to 1", fix))
                .orElseGet(() -> CheckResult.fail(name, severity, path + " does not exist", fix)));
    }

    /** How to set a sysctl now and at every boot. */
    static String sysctlFix(String key) {
        return "sysctl -w " + key + "=1 && echo '" + key + " = 1' >> /etc/sysctl.d/k8s.conf";
    }
}
