package dev.bootstrap.preflight;

import dev.bootstrap.config.ClusterConfiguration;
import dev.bootstrap.config.NodeRegistration;
import dev.bootstrap.host.CommandResult;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.Shell;
import dev.bootstrap.manifests.Images;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * kubeadm's ImagePull: a control plane pulls its images (those of {@code config images list}) through
 * the node's runtime before anything is written, so an unreachable registry fails in preflight rather
 * than as a control plane that never starts. kubeadm speaks CRI itself; here crictl does, over the
 * configured CRI socket, one image after the other (kubeadm's default, imagePullSerial).
 */
public final class ImagePull {

    static final String NAME = "ImagePull";
    /** One image may be large and the registry slow: ended only after this long. */
    static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);

    private final List<String> images;
    private final String criSocket;
    private final String policy;
    private final String repository;

    /**
     * @param criSocket  the runtime endpoint URL (unix:///...)
     * @param policy     nodeRegistration.imagePullPolicy: Always, IfNotPresent or Never
     * @param repository the image repository in use, for the fix hint
     */
    ImagePull(List<String> images, String criSocket, String policy, String repository) {
        this.images = List.copyOf(images);
        this.criSocket = criSocket;
        this.policy = policy;
        this.repository = repository;
    }

    public static ImagePull of(ClusterConfiguration cluster, NodeRegistration registration) {
        return new ImagePull(new Images(cluster).all(), registration.criSocketUrl(), registration.imagePullPolicy(),
                cluster.imageRepository());
    }

    /** The images pulled, in {@code config images list} order. */
    List<String> images() {
        return images;
    }

    /**
     * The results with ImagePull's appended, --ignore-preflight-errors applied. As in kubeadm, images are
     * pulled only once the other checks left nothing fatal, and not at all with imagePullPolicy Never.
     */
    public List<CheckResult> after(List<CheckResult> results, Host host, NodeFacts facts, IgnoredErrors ignore) {
        if (results.stream().anyMatch(CheckResult::fatal) || policy.equals("Never")) {
            return results;
        }
        List<CheckResult> out = new ArrayList<>(results);
        pull(host, facts).forEach(r -> out.add(ignore.apply(r)));
        return out;
    }

    /** One result per image that failed, or one saying what was pulled (or why nothing could be). */
    List<CheckResult> pull(Host host, NodeFacts facts) {
        Optional<CheckResult> skipped = notPullable(facts);
        if (skipped.isPresent()) {
            return List.of(skipped.get());
        }
        List<Pulled> pulled = new ArrayList<>();
        for (String image : images) {
            if (policy.equals("IfNotPresent") && host.run(crictl("inspecti", image), PULL_TIMEOUT).ok()) {
                pulled.add(new Pulled(image, Optional.empty()));
            } else {
                pulled.add(new Pulled(image, Optional.of(host.run(crictl("pull", image), PULL_TIMEOUT))));
            }
        }
        return judge(pulled);
    }

    /** A warning when images cannot be pulled ahead on this node (the runtime not answering, no crictl). */
    private Optional<CheckResult> notPullable(NodeFacts facts) {
        String socket = criSocket.replaceFirst("^unix://", "");
        boolean dead = facts.sockets().stream()
                .filter(s -> FactsParser.canonical(s.path()).equals(FactsParser.canonical(socket)))
                .anyMatch(s -> !s.listening());
        if (dead) {
            return Optional.of(CheckResult.fail(NAME, Severity.WARNING, "images not pulled: the container runtime at "
                    + criSocket + " does not answer (see the CRI check)", "start the runtime (see CRI)"));
        }
        if (facts.tool("crictl").isEmpty()) {
            return Optional.of(CheckResult.fail(NAME, Severity.WARNING, "images not pulled ahead: crictl is not on the "
                    + "node (the kubelet pulls them when it starts the static pods; an unreachable registry shows only "
                    + "then)", facts.osFamily().installTools(List.of("crictl"))));
        }
        return Optional.empty();
    }

    private String crictl(String verb, String image) {
        return "crictl --runtime-endpoint " + Shell.quote(criSocket) + " " + verb + " " + Shell.quote(image);
    }

    /**
     * An image and how it was pulled.
     *
     * @param pull the crictl pull's result; empty when the image was already present (IfNotPresent)
     */
    record Pulled(String image, Optional<CommandResult> pull) {
    }

    /** kubeadm's "failed to pull image X: <why>" per failed image, with where to pull from instead. */
    List<CheckResult> judge(List<Pulled> pulled) {
        List<CheckResult> failed = new ArrayList<>();
        for (Pulled p : pulled) {
            CommandResult r = p.pull().orElse(null);
            if (r != null && !r.ok()) {
                String why = r.timedOut() ? r.describeExit() : firstNonBlank(r.stderr(), r.stdout(), r.describeExit());
                failed.add(CheckResult.fail(NAME, Severity.ERROR, "failed to pull image " + p.image() + ": " + why,
                        "this node cannot pull from " + repository + ": set --image-repository (imageRepository) to a "
                                + "registry or mirror it reaches (e.g. registry.aliyuncs.com/google_containers), or "
                                + "configure a registry mirror in the runtime; 'bootstrap config images list' shows "
                                + "the images needed"));
            }
        }
        if (!failed.isEmpty()) {
            return failed;
        }
        long present = pulled.stream().filter(p -> p.pull().isEmpty()).count();
        return List.of(CheckResult.pass(NAME, Severity.ERROR, "pulled " + (pulled.size() - present) + " images"
                + (present > 0 ? ", " + present + " already present" : "") + " through " + criSocket));
    }

    private static String firstNonBlank(String... texts) {
        for (String t : texts) {
            if (t != null && !t.isBlank()) {
                return t.strip().lines().reduce((a, b) -> b).orElseThrow();
            }
        }
        return "";
    }
}
