package dev.bootstrap.preflight;

import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.config.VersionTable;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An external etcd: it answers with a version kubeadm supports, and its client files are on the node. */
final class EtcdChecks {

    static final String VERSION_NAME = "ExternalEtcdVersion";
    static final String CERTIFICATES_NAME = "ExternalEtcdClientCertificates";

    private static final Pattern ETCD_SERVER = Pattern.compile("\"etcdserver\"\\s*:\\s*\"([^\"]*)\"");

    private EtcdChecks() {
    }

    /**
     * ExternalEtcdVersion for one endpoint: GET /version answered with etcd >= the target's MinExternalEtcdVersion
     * (kubeadm's cmd/kubeadm/app/constants/constants.go; per minor in {@link VersionTable.Minor}). The "-0" of the
     * minimum lets every release of its patch pass, pre-releases included.
     */
    static Check version(String endpoint, VersionTable.Release target) {
        String min = target.minor().minExternalEtcdVersion();
        return Check.of(VERSION_NAME, f -> {
            NodeFacts.EtcdAnswer answer = f.etcdVersions().stream().filter(a -> a.endpoint().equals(endpoint)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the facts of " + f.host() + " have no answer of "
                            + endpoint + ": gather them with the configuration that is checked"));
            String url = endpoint.replaceFirst("/+$", "") + "/version";
            if (answer.curlExit().isEmpty()) {
                return CheckResult.fail(VERSION_NAME, Severity.ERROR, "cannot ask " + url + " for the etcd version: "
                        + "curl is not on the node", f.osFamily().install(List.of("curl")));
            }
            if (answer.curlExit().get() != 0) {
                return CheckResult.fail(VERSION_NAME, Severity.ERROR, "Get \"" + url + "\": " + answer.output(),
                        "check that etcd answers at " + endpoint + " from this node and that etcd.external caFile, "
                                + "certFile and keyFile are a client certificate it trusts");
            }
            Matcher m = ETCD_SERVER.matcher(answer.output());
            String reported = m.find() ? m.group(1) : "";
            Optional<KubernetesVersion> version = KubernetesVersion.parse(reported);
            if (version.isEmpty()) {
                return CheckResult.fail(VERSION_NAME, Severity.ERROR, "couldn't parse external etcd version \""
                        + reported + "\" from " + url + " (answer: " + answer.output() + ")",
                        "check that " + endpoint + " is an etcd client URL");
            }
            KubernetesVersion minimum = KubernetesVersion.parse(min).orElseThrow();
            return KubernetesVersion.RELEASE_ORDER.compare(version.get(), minimum) < 0
                    ? CheckResult.fail(VERSION_NAME, Severity.ERROR, "this version of kubeadm only supports external "
                            + "etcd version >= " + min + ". Current version: " + reported,
                            "upgrade the etcd cluster at " + endpoint + " to " + minimum.major() + "." + minimum.minor()
                                    + "." + minimum.patch() + " or newer")
                    : CheckResult.pass(VERSION_NAME, Severity.ERROR, endpoint + " runs etcd " + reported);
        });
    }

    /** ExternalEtcdClientCertificates for one of caFile, certFile, keyFile. */
    static Check clientFile(String path) {
        return FileChecks.fileExisting(CERTIFICATES_NAME, path, "copy the external etcd's client certificate files "
                + "to this node (" + path + ", as etcd.external names them)");
    }
}
