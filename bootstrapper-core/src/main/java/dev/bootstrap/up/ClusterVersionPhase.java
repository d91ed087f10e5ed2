package dev.bootstrap.up;

import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.host.Host;
import dev.bootstrap.init.InitContext;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.upgrade.RunningComponents;
import dev.bootstrap.upgrade.RunningComponentsReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * On a cluster made by an earlier run, the file's Kubernetes version must be the one the first control plane runs
 * (the image of its kube-apiserver manifest) once the rolling upgrade ({@link RollingUpgrade}) is done: init's
 * phases would otherwise swap the control plane's manifests to another release without kubeadm's upgrade. A file
 * older than the cluster is refused: bootstrap does not downgrade.
 */
final class ClusterVersionPhase implements Phase<UpNode> {

    static final PhaseSpec SPEC = PhaseSpec.of("cluster-version", "Check the file's version against the cluster's");

    private static final String COMPONENT = RunningComponents.API_SERVER;

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(UpNode node) {
        InitContext init = node.init();
        KubernetesVersion wanted = init.config().cluster().kubernetesVersion();
        Optional<KubernetesVersion> running = running(node.host());
        if (running.isEmpty()) {
            return Outcome.unchanged("no kube-apiserver manifest with a version yet: the control plane is made at "
                    + wanted);
        }
        if (running.get().equals(wanted)) {
            return Outcome.unchanged("the cluster runs " + wanted + ", as the file says");
        }
        throw new IllegalStateException("[" + node.node().name() + "] " + refusal(wanted, running.get()));
    }

    /** Why up does not go on when the file's version is not the running one (also what {@code plan} says). */
    static String refusal(KubernetesVersion wanted, KubernetesVersion running) {
        if (KubernetesVersion.RELEASE_ORDER.compare(wanted, running) < 0) {
            return "the file asks for Kubernetes " + wanted + " but the cluster runs " + running + " ("
                    + NodeLayout.manifest(COMPONENT) + "), and bootstrap does not downgrade: set spec.kubernetesVersion "
                    + "to " + running + " or newer (to go back, restore the etcd snapshot the upgrade took)";
        }
        return "the cluster still runs " + running + " (" + NodeLayout.manifest(COMPONENT) + ") after the rolling "
                + "upgrade to " + wanted + "; run up again, or 'bootstrap upgrade plan " + wanted + "' to see why not";
    }

    /**
     * The version of the kube-apiserver image the node's manifest names, if there is one. Read with snakeyaml, which
     * reading the cluster file loaded already: up asks this before anything else, on every run.
     */
    static Optional<KubernetesVersion> running(Host host) {
        return host.readFile(NodeLayout.manifest(COMPONENT)).flatMap(ClusterVersionPhase::image)
                .flatMap(RunningComponentsReader::imageTag).flatMap(KubernetesVersion::fromImageTag);
    }

    /** The kube-apiserver container's image (or the first container's); empty for anything else than a Pod. */
    private static Optional<String> image(byte[] manifest) {
        Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(manifest, StandardCharsets.UTF_8));
        if (!(doc instanceof Map<?, ?> pod) || !(pod.get("spec") instanceof Map<?, ?> spec)
                || !(spec.get("containers") instanceof List<?> containers) || containers.isEmpty()) {
            return Optional.empty();
        }
        Object chosen = containers.get(0);
        for (Object c : containers) {
            if (c instanceof Map<?, ?> m && COMPONENT.equals(m.get("name"))) {
                chosen = c;
            }
        }
        return chosen instanceof Map<?, ?> c && c.get("image") instanceof String image ? Optional.of(image)
                : Optional.empty();
    }
}
