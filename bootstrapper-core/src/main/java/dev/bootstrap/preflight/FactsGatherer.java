package dev.bootstrap.preflight;

import dev.bootstrap.config.ClusterConfiguration;
import dev.bootstrap.host.CommandResult;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostException;
import dev.bootstrap.host.Shell;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Gathers a node's {@link NodeFacts} with one command: gather-facts.sh through {@link Host#run}. */
public final class FactsGatherer {

    static final String SCRIPT_RESOURCE = "gather-facts.sh";

    /** The files whose presence the FileAvailable checks judge. */
    private static final String KUBERNETES_FILES = Stream.concat(CheckCatalog.CONTROL_PLANE_MANIFESTS.stream(),
            CheckCatalog.WORKER_FILES.stream()).collect(Collectors.joining(" "));

    private final String script;
    private final Duration timeout;

    public FactsGatherer(Duration timeout) {
        this.script = loadScript();
        this.timeout = timeout;
    }

    public FactsGatherer() {
        this(Duration.ofSeconds(60));
    }

    /** The script text (without the root assignment); for reading and for tests. */
    public static String loadScript() {
        try (InputStream in = FactsGatherer.class.getResourceAsStream(SCRIPT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT_RESOURCE + " is missing from the bootstrapper-core jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the script on the host and parses its output, for what a node is (addresses, hostname,
     * files), not for preflight: the runtime is not asked and the kernel's configs are not read.
     */
    public NodeFacts gather(Host host) {
        return gather(host, ClusterSetup.defaults(), PreflightRole.WORKER, false);
    }

    /**
     * Runs the script on the host and parses its output, probing the etcd the configuration names; an
     * external etcd's endpoints are asked for their version only for the role that checks it.
     */
    public NodeFacts gather(Host host, ClusterSetup setup, PreflightRole role) {
        return gather(host, setup, role, true);
    }

    private NodeFacts gather(Host host, ClusterSetup setup, PreflightRole role, boolean preflight) {
        Optional<ClusterConfiguration.ExternalEtcd> external = setup.externalEtcd();
        String endpoints = CheckCatalog.checksExternalEtcdVersion(role)
                ? external.map(e -> String.join("\n", e.endpoints())).orElse("") : "";
        String command = "R=" + Shell.quote(kubernetesRoot(host))
                + "\nKERNEL_CONFIGS=" + Shell.quote(preflight ? KernelConfigs.gathered() : "")
                + "\nCRI_INFO=" + (preflight ? "1" : "")
                + "\nKUBERNETES_FILES=" + Shell.quote(KUBERNETES_FILES)
                + "\nETCD_DATA_DIR=" + Shell.quote(setup.etcdDataDir().orElse(""))
                + "\nETCD_ENDPOINTS=" + Shell.quote(endpoints)
                + "\nETCD_CA=" + Shell.quote(external.map(ClusterConfiguration.ExternalEtcd::caFile).orElse(""))
                + "\nETCD_CERT=" + Shell.quote(external.map(ClusterConfiguration.ExternalEtcd::certFile).orElse(""))
                + "\nETCD_KEY=" + Shell.quote(external.map(ClusterConfiguration.ExternalEtcd::keyFile).orElse(""))
                + "\n" + script;
        Instant sent = Instant.now();
        CommandResult result = host.run(command, timeout);
        Instant received = Instant.now();
        if (result.timedOut()) {
            throw new HostException(host.name(), "gathering preflight facts " + result.describeExit()
                    + "; is the node overloaded or a probe hanging?" + result.stderrTail());
        }
        if (!result.stdout().contains("\n### end")) {
            // The shell itself failed (sudo refused, no sh): its exit and stderr say why.
            throw new HostException(host.name(), "gathering preflight facts failed (" + result.describeExit()
                    + ") before the script finished" + result.stderrTail());
        }
        Instant middle = sent.plus(Duration.between(sent, received).dividedBy(2));
        return FactsParser.parse(host.name(), result.stdout(), middle);
    }

    /**
     * Where /etc/kubernetes and /var/lib/etcd live: under --rootfs for a LocalHost that has one. Asked
     * through shellPath, so it holds for a host wrapped by another (the debug log's) as well.
     */
    private static String kubernetesRoot(Host host) {
        String root = host.shellPath("/");
        return root.equals("/") ? "" : root;
    }
}
