package dev.bootstrap.preflight;

import dev.bootstrap.config.ClusterConfiguration;
import dev.bootstrap.config.NodeRegistration;
import dev.bootstrap.host.CommandResult;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.Shell;
import dev.bootstrap.manifests.Images;
import dev.bootstrap.runtime.PullTool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * kubeadm's ImagePull: a control plane pulls its images (those of {@code config images list}) through
 * the node's runtime before anything is written, so an unreachable registry fails in preflight rather
 * than as a control plane that never starts. kubeadm speaks CRI itself; here crictl does, over the
 * configured CRI socket: one image after the other (imagePullSerial, the default), or all at once as
 * background jobs on the node with {@code imagePullSerial: false}. Like kubeadm, it warns when the
 * runtime's sandbox (pause) image is not the one kubeadm's version wants.
 */
public final class ImagePull {

    static final String NAME = "ImagePull";
    /** Starts one image's outcome in the parallel pull's output (see {@link #parallelResults}). */
    private static final String MARK = "@@pull ";

    private final List<String> images;
    private final String pauseImage;
    private final String criSocket;
    private final String policy;
    private final boolean serial;
    private final String repository;

    /**
     * @param pauseImage the pause image of {@code config images list}, compared with the runtime's sandbox image
     * @param criSocket  the runtime endpoint URL (unix:///...)
     * @param policy     nodeRegistration.imagePullPolicy: Always, IfNotPresent or Never
     * @param serial     nodeRegistration.imagePullSerial: one image after the other
     * @param repository the image repository in use, for the fix hint
     */
    ImagePull(List<String> images, String pauseImage, String criSocket, String policy, boolean serial, String repository) {
        this.images = List.copyOf(images);
        this.pauseImage = pauseImage;
        this.criSocket = criSocket;
        this.policy = policy;
        this.serial = serial;
        this.repository = repository;
    }

    public static ImagePull of(ClusterConfiguration cluster, NodeRegistration registration) {
        Images images = new Images(cluster);
        return new ImagePull(images.all(), images.pause(), registration.criSocketUrl(), registration.imagePullPolicy(),
                registration.imagePullSerial(), cluster.imageRepository());
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
        sandboxImage(facts).ifPresent(r -> out.add(ignore.apply(r)));
        pull(host, facts).forEach(r -> out.add(ignore.apply(r)));
        return out;
    }

    /** kubeadm's warning when the runtime would start pods with another pause image than the version's. */
    Optional<CheckResult> sandboxImage(NodeFacts facts) {
        return facts.criStatus(criSocket.replaceFirst("^unix://", "")).flatMap(NodeFacts.CriStatus::sandboxImage)
                .filter(runtime -> !runtime.equals(pauseImage))
                .map(runtime -> CheckResult.fail(NAME, Severity.WARNING, "detected that the sandbox image \"" + runtime
                        + "\" of the container runtime is inconsistent with that used by kubeadm. It is recommended to use \""
                        + pauseImage + "\" as the CRI sandbox image.",
                        "set the runtime's sandbox image to " + pauseImage + " (containerd 1.x: sandbox_image in "
                                + RuntimeChecks.CONTAINERD_CONFIG + "; containerd 2.x: sandbox in its pinned_images; "
                                + "CRI-O: pause_image), then restart the runtime"));
    }

    /** One result per image that failed, or one saying what was pulled (or why nothing could be). */
    List<CheckResult> pull(Host host, NodeFacts facts) {
        Optional<CheckResult> skipped = notPullable(facts);
        if (skipped.isPresent()) {
            return List.of(skipped.get());
        }
        return judge(serial ? pullSerially(host) : pullInParallel(host));
    }

    private List<Pulled> pullSerially(Host host) {
        List<Pulled> pulled = new ArrayList<>();
        for (String image : images) {
            if (policy.equals("IfNotPresent") && host.run(crictlInspect(image), PullTool.PULL_TIMEOUT).ok()) {
                pulled.add(new Pulled(image, Optional.empty()));
            } else {
                pulled.add(new Pulled(image, Optional.of(host.run(crictlPull(image), PullTool.PULL_TIMEOUT))));
            }
        }
        return pulled;
    }

    /**
     * All images at once: one background job per image on the node, each leaving its outcome in a
     * temporary directory, printed in image order once all have ended.
     */
    private List<Pulled> pullInParallel(Host host) {
        StringBuilder script = new StringBuilder("d=$(mktemp -d) || exit 1\n");
        for (int i = 0; i < images.size(); i++) {
            String outcome = " >\"$d/" + i + ".rc\"";
            String pull = "{ " + crictlPull(images.get(i)) + " >\"$d/" + i + ".out\" 2>&1; echo $?" + outcome + "; }";
            String job = policy.equals("IfNotPresent")
                    ? "{ " + crictlInspect(images.get(i)) + " >/dev/null 2>&1 && echo present" + outcome + "; } || " + pull
                    : pull;
            script.append("( ").append(job).append(" ) &\n");
        }
        script.append("wait\nfor i in");
        for (int i = 0; i < images.size(); i++) {
            script.append(' ').append(i);
        }
        // An empty line after each image's output keeps the next mark at the start of a line.
        script.append("; do echo \"" + MARK + "$i $(cat \"$d/$i.rc\" 2>/dev/null)\"; cat \"$d/$i.out\" 2>/dev/null; echo;")
                .append(" done\nrm -rf \"$d\"\n");
        return parallelResults(host.run(script.toString(), PullTool.PULL_TIMEOUT));
    }

    /**
     * The images' outcomes from the parallel pull's output: per image a line "@@pull <index> <outcome>"
     * (present, crictl's exit code, or nothing when the job left none), then what crictl printed. An
     * image without an outcome failed with the whole run (its timeout, most likely).
     */
    List<Pulled> parallelResults(CommandResult run) {
        Map<Integer, Pulled> byIndex = new HashMap<>();
        String[] blocks = ("\n" + run.stdout()).split("\n" + MARK);
        for (int b = 1; b < blocks.length; b++) {
            int eol = blocks[b].indexOf('\n');
            String[] head = (eol < 0 ? blocks[b] : blocks[b].substring(0, eol)).strip().split(" ");
            String printed = eol < 0 ? "" : blocks[b].substring(eol + 1);
            int index = Integer.parseInt(head[0]);
            String outcome = head.length > 1 ? head[1] : "";
            if (index >= images.size() || outcome.isEmpty()) {
                continue;
            }
            byIndex.put(index, new Pulled(images.get(index), outcome.equals("present") ? Optional.empty()
                    : Optional.of(new CommandResult(Integer.parseInt(outcome), "", printed, run.duration(), false))));
        }
        List<Pulled> pulled = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            CommandResult none = run.ok() ? new CommandResult(-1, "", "the pull job reported no outcome", run.duration(),
                    false) : run;
            pulled.add(byIndex.getOrDefault(i, new Pulled(images.get(i), Optional.of(none))));
        }
        return pulled;
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

    private String crictlPull(String image) {
        return PullTool.crictl(criSocket).pull(image);
    }

    private String crictlInspect(String image) {
        return PullTool.crictl(criSocket).command("inspecti " + Shell.quote(image));
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
                    failed.add(CheckResult.fail(NAME, Severity.ERROR, "failed to pull image " + p.image() + ": " + r.why(),
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
}
