package dev.bootstrap.preflight;

import dev.bootstrap.config.KubernetesVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assertions;

/** Recorded gather-facts.sh outputs (src/test/resources/preflight/*.facts) and lookups on results. */
public final class Fixtures {

    /** The recorded kubelets are v1.33 (one v1.31): the fixtures are judged for a v1.34 control plane. */
    static final KubernetesVersion RECORDED_TARGET = KubernetesVersion.require("v1.34.1");
    static final PreflightOptions RECORDED = new PreflightOptions(RECORDED_TARGET, IgnoredErrors.NONE, Optional.empty());

    private Fixtures() {
    }

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/preflight/" + name + ".facts")) {
            Assertions.assertNotNull(in, "fixture " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture's facts, observed by this machine exactly when the node's clock was read (no skew). */
    public static NodeFacts facts(String name) {
        return facts(name, Duration.ZERO);
    }

    /** The fixture's facts, with the node's clock {@code nodeAhead} ahead of this machine's. */
    public static NodeFacts facts(String name, Duration nodeAhead) {
        NodeFacts probe = FactsParser.parse(name, text(name), Instant.EPOCH);
        Instant nodeTime = probe.nodeTime().orElseThrow();
        return FactsParser.parse(name, text(name), nodeTime.minus(nodeAhead));
    }

    static List<CheckResult> judge(String name, PreflightRole role, PreflightOptions options) {
        return CheckCatalog.judge(facts(name), role, options);
    }

    static List<CheckResult> judge(String name, PreflightRole role) {
        return judge(name, role, RECORDED);
    }

    static PreflightOptions target(String version) {
        return new PreflightOptions(KubernetesVersion.require(version), IgnoredErrors.NONE, Optional.empty());
    }

    /** {@code options} for another cluster setup. */
    static PreflightOptions withCluster(PreflightOptions options, ClusterSetup setup) {
        return new PreflightOptions(options.target(), options.ignore(), options.controlPlaneHost(), setup);
    }

    /** The TCP ports something listens on, on any address. */
    static Set<Integer> listeningPorts(NodeFacts facts) {
        return facts.listeners().stream().map(NodeFacts.Listener::port).collect(Collectors.toCollection(TreeSet::new));
    }

    static CheckResult result(List<CheckResult> results, String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no result " + name + " in " + names(results)));
    }

    static List<String> names(List<CheckResult> results) {
        return results.stream().map(CheckResult::name).toList();
    }

    static List<String> failed(List<CheckResult> results) {
        return results.stream().filter(r -> !r.passed()).map(CheckResult::name).toList();
    }
}
