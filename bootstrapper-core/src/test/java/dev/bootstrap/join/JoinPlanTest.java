package dev.bootstrap.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.NodeRegistration;
import dev.bootstrap.config.Taint;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseResult;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.RunReport;
import dev.bootstrap.phases.Status;
import dev.bootstrap.pki.CertificateAuthority;
import dev.bootstrap.pki.Pem;
import dev.bootstrap.token.BootstrapToken;
import java.nio.file.Files;
import java.security.KeyPairGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How join's flags and JoinConfiguration become one checked plan; nothing here reaches a cluster. */
class JoinPlanTest {

    private static final String TOKEN = "abcdef.0123456789abcdef";
    private static final String OTHER_TOKEN = "ghijkl.0123456789abcdef";
    private static final String PIN = "sha256:" + "0123456789abcdef".repeat(4);
    private static final String KEY = "0".repeat(64);

    /** The flags of a command line; unset ones stay null, false or empty, as picocli leaves them. */
    private static final class Flags {
        String endpoint;
        String token;
        String discoveryToken;
        String tlsBootstrapToken;
        List<String> pins = new ArrayList<>();
        boolean unsafe;
        String discoveryFile;
        String nodeName;
        String criSocket;
        List<String> ignore = new ArrayList<>();
        List<String> skip = new ArrayList<>();
        boolean dryRun;
        boolean controlPlane;
        String certificateKey;
        String advertiseAddress;
        List<String> nodes = new ArrayList<>();
        int parallel = 10;

        /** join ENDPOINT --token TOKEN --discovery-token-ca-cert-hash PIN */
        static Flags worker() {
            Flags f = new Flags();
            f.endpoint = "10.0.0.1:6443";
            f.token = TOKEN;
            f.pins.add(PIN);
            return f;
        }

        JoinFlags build() {
            return new JoinFlags(endpoint, token, discoveryToken, tlsBootstrapToken, pins, unsafe, discoveryFile,
                    nodeName, criSocket, ignore, skip, dryRun, controlPlane, certificateKey, advertiseAddress, nodes,
                    parallel);
        }
    }

    private static JoinPlan plan(Flags flags) {
        return JoinPlan.read(flags.build(), null, Set.of(), Map.of(), w -> { });
    }

    private static JoinPlan plan(Flags flags, Path config) {
        return JoinPlan.read(flags.build(), config, Set.of(), Map.of(), w -> { });
    }

    private static String refused(Flags flags) {
        return assertThrows(JoinArgumentException.class, () -> plan(flags)).getMessage();
    }

    private static List<String> phaseNames(JoinPlan plan) {
        return plan.phases().stream().map(Phase::name).toList();
    }

    private static List<String> names(List<PhaseSpec> specs) {
        return specs.stream().map(PhaseSpec::name).toList();
    }

    @Test
    void theTokenDiscoversAndBootstrapsAWorkerWithKubeadmsDefaults() {
        JoinPlan plan = plan(Flags.worker());
        BootstrapToken token = BootstrapToken.parse(TOKEN, "t");
        assertEquals(new JoinDiscovery.FromToken("10.0.0.1:6443", token, List.of(PIN), false, token,
                Duration.ofMinutes(5)), plan.discovery());
        assertEquals(Optional.empty(), plan.controlPlane());
        assertEquals(List.of("localhost"), plan.targets());
        assertEquals(10, plan.parallelism());
        assertEquals(names(WorkerJoin.specs()), phaseNames(plan));
        assertTrue(plan.skip().isEmpty());
        JoinSettings settings = plan.settings();
        assertEquals("", settings.registration().name());
        assertEquals(NodeRegistration.DEFAULT_CRI_SOCKET, settings.registration().criSocket());
        assertEquals(List.of(), settings.registration().taints());
        assertEquals("/etc/kubernetes/pki/ca.crt", settings.caCertPath());
        assertEquals(Duration.ofMinutes(5), settings.tlsBootstrapTimeout());
        assertFalse(settings.dryRun());
        assertEquals(List.of(TOKEN, TOKEN), plan.secrets());
    }

    @Test
    void theSpecificTokenFlagsWinOverToken() {
        Flags flags = Flags.worker();
        flags.token = null;
        flags.discoveryToken = TOKEN;
        JoinDiscovery.FromToken alone = assertInstanceOf(JoinDiscovery.FromToken.class, plan(flags).discovery());
        assertEquals(TOKEN, alone.tlsBootstrapToken().value(), "the discovery token also bootstraps");
        flags.tlsBootstrapToken = OTHER_TOKEN;
        JoinDiscovery.FromToken both = assertInstanceOf(JoinDiscovery.FromToken.class, plan(flags).discovery());
        assertEquals(TOKEN, both.token().value());
        assertEquals(OTHER_TOKEN, both.tlsBootstrapToken().value());
        flags.token = "bad";
        assertEquals(both, plan(flags).discovery(), "--token is not used when both specific flags are given");
    }

    @Test
    void aDiscoveryFileWinsOverTheEndpointAndTakesTheTokenForTheBootstrap() {
        Flags flags = Flags.worker();
        flags.discoveryFile = "/etc/discovery.conf";
        assertEquals(new JoinDiscovery.FromFile("/etc/discovery.conf", Optional.of(TOKEN)), plan(flags).discovery());
        flags.tlsBootstrapToken = OTHER_TOKEN;
        assertEquals(new JoinDiscovery.FromFile("/etc/discovery.conf", Optional.of(OTHER_TOKEN)), plan(flags).discovery());
        Flags fileOnly = new Flags();
        fileOnly.discoveryFile = "https://example.com/discovery.conf";
        JoinPlan plan = plan(fileOnly);
        assertEquals(new JoinDiscovery.FromFile("https://example.com/discovery.conf", Optional.empty()), plan.discovery());
        assertEquals(List.of(), plan.secrets());
        assertFalse(plan.discovery().toString().contains(OTHER_TOKEN));
    }

    @Test
    void aDiscoveryFileWithoutTokenUserNeedsTheTlsBootstrapToken(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("discovery.conf");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: kubernetes
                  cluster:
                    server: https://10.0.0.1:6443
                    certificate-authority-data: %s
                contexts:
                - name: c
                  context: {cluster: kubernetes, user: u}
                current-context: c
                users:
                - name: u
                  user: {}
                """.formatted(Base64.getEncoder().encodeToString(selfSignedCaPem())));
        JoinDiscovery discovery = new JoinDiscovery.FromFile(file.toString(), Optional.empty());
        String msg = assertThrows(JoinArgumentException.class, () -> discovery.find(line -> { })).getMessage();
        assertEquals("--discovery-file " + file + " has no token user: give --tls-bootstrap-token", msg);
    }

    private static byte[] selfSignedCaPem() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return Pem.encodeCertificate(CertificateAuthority.selfSigned("kubernetes", g.generateKeyPair(), Instant.now(),
                Duration.ofDays(1)).certificate());
    }

    @Test
    void tokenDiscoveryNeedsAnEndpointATokenAndAPinOrTheUnsafeFlag() {
        Flags noEndpoint = Flags.worker();
        noEndpoint.endpoint = null;
        assertEquals("give the API server endpoint (host:port) to join, or --discovery-file", refused(noEndpoint));
        Flags noToken = Flags.worker();
        noToken.token = null;
        noToken.tlsBootstrapToken = TOKEN;
        assertEquals("give --token (or --discovery-token) for discovery through 10.0.0.1:6443", refused(noToken));
        Flags noPin = Flags.worker();
        noPin.pins.clear();
        assertTrue(refused(noPin).startsWith("give --discovery-token-ca-cert-hash sha256:<hash> (printed by "
                + "'bootstrap init' and 'bootstrap certs ca-pin'), or --discovery-token-unsafe-skip-ca-verification"));
        noPin.unsafe = true;
        JoinDiscovery.FromToken unpinned = assertInstanceOf(JoinDiscovery.FromToken.class, plan(noPin).discovery());
        assertTrue(unpinned.unsafeSkipCaVerification());
        assertEquals(List.of(), unpinned.caCertHashes());
    }

    @Test
    void pinsAreCheckedInAnyCaseAndTokensByTheirFlag() {
        Flags upper = Flags.worker();
        upper.pins.set(0, PIN.toUpperCase());
        assertEquals(List.of(PIN.toUpperCase()),
                assertInstanceOf(JoinDiscovery.FromToken.class, plan(upper).discovery()).caCertHashes());
        Flags shortPin = Flags.worker();
        shortPin.pins.add("sha256:abc");
        assertEquals("--discovery-token-ca-cert-hash: expected sha256:<64 hex digits>, got \"sha256:abc\"",
                refused(shortPin));
        Flags badToken = Flags.worker();
        badToken.token = "abc.def";
        assertTrue(refused(badToken).startsWith("--discovery-token: not a valid bootstrap token"));
        Flags badTls = Flags.worker();
        badTls.tlsBootstrapToken = "abc.def";
        assertTrue(refused(badTls).startsWith("--tls-bootstrap-token: not a valid bootstrap token"));
        assertFalse(refused(badTls).contains("abc.def"), "a token is never repeated");
    }

    @Test
    void nodeNameAndCriSocketAreCheckedAndOverrideTheRegistration() {
        Flags flags = Flags.worker();
        flags.nodeName = "worker-1.example";
        flags.criSocket = "/run/crio/crio.sock";
        NodeRegistration registration = plan(flags).settings().registration();
        assertEquals("worker-1.example", registration.name());
        assertEquals("/run/crio/crio.sock", registration.criSocket());
        assertEquals("unix:///run/crio/crio.sock", registration.criSocketUrl());
        flags.nodeName = "Worker_1";
        assertEquals("--node-name \"Worker_1\" is not a valid node name (lower-case RFC 1123 subdomain)",
                refused(flags));
        flags.nodeName = "worker-1";
        flags.nodes.addAll(List.of("a", "b"));
        assertEquals("--node-name names one node; it cannot be used with several --node", refused(flags));
        flags.nodes.clear();
        flags.criSocket = "containerd.sock";
        assertEquals("--cri-socket: expected a socket URL such as unix:///var/run/containerd/containerd.sock",
                refused(flags));
    }

    @Test
    void preflightErrorsSkipsAndPhasesAreChecked() {
        Flags flags = Flags.worker();
        flags.ignore.addAll(List.of("Swap,CRI", "all"));
        assertTrue(refused(flags).startsWith("--ignore-preflight-errors: don't specify individual checks if 'all'"));
        flags.ignore.clear();
        flags.skip.add("kubelet-finalize");
        assertTrue(refused(flags).contains("unknown phase \"kubelet-finalize\"; join's phases are preflight, "
                + "kubelet-start, kubelet-wait-bootstrap"), refused(flags));
        flags.skip.set(0, "preflight");
        assertEquals(List.of("preflight"), plan(flags).skip().values());
        String prepare = ControlPlanePreparePhase.SPEC.name();
        String onlyControlPlane = assertThrows(JoinArgumentException.class, () -> JoinPlan.read(Flags.worker().build(),
                null, Set.of(prepare), Map.of(), w -> { })).getMessage();
        assertEquals("phase " + prepare + " is part of control-plane joins only: add --control-plane", onlyControlPlane);
        JoinPlan one = JoinPlan.read(Flags.worker().build(), null, Set.of("kubelet-start"), Map.of(), w -> { });
        assertEquals(List.of("kubelet-start"), phaseNames(one));
        Flags serial = Flags.worker();
        serial.parallel = 0;
        assertEquals("--parallel must be at least 1, got 0", refused(serial));
        Flags several = Flags.worker();
        several.nodes.addAll(List.of("root@a", "b"));
        several.parallel = 3;
        assertEquals(List.of("root@a", "b"), plan(several).targets());
        assertEquals(3, plan(several).parallelism());
    }

    @Test
    void aControlPlaneNeedsItsKeyJoinsAloneAndIsTainted() {
        Flags worker = Flags.worker();
        worker.certificateKey = KEY;
        assertEquals("--certificate-key and --apiserver-advertise-address are for --control-plane joins",
                refused(worker));
        Flags flags = Flags.worker();
        flags.controlPlane = true;
        assertTrue(refused(flags).startsWith("--control-plane needs --certificate-key"));
        flags.certificateKey = "00";
        assertTrue(refused(flags).startsWith("--certificate-key: a certificate key is 64 hex characters"));
        flags.certificateKey = KEY;
        flags.advertiseAddress = "10.0.0.2";
        flags.nodes.addAll(List.of("a", "b"));
        assertEquals("--apiserver-advertise-address names one node's address; it cannot be used with several --node",
                refused(flags));
        flags.nodes.remove("b");
        JoinPlan plan = JoinPlan.read(flags.build(), null, Set.of(), Map.of("HTTPS_PROXY", "http://proxy:3128"),
                w -> { });
        ControlPlaneSettings cp = plan.controlPlane().orElseThrow();
        assertEquals(KEY, plan.certificateKey().orElseThrow().hex());
        assertEquals("10.0.0.2", cp.advertiseAddress());
        assertEquals(Map.of("HTTPS_PROXY", "http://proxy:3128"), cp.environment());
        assertEquals(1, plan.parallelism(), "control planes join one at a time");
        assertEquals(List.of(Taint.CONTROL_PLANE), plan.settings().registration().taints());
        assertEquals(names(ControlPlaneJoin.specs()), phaseNames(plan));
        assertEquals(List.of(TOKEN, TOKEN, KEY), plan.secrets());
    }

    @Test
    void configurationFlagsAreRefusedBesideConfigBeforeItIsRead(@TempDir Path dir) {
        Flags flags = Flags.worker();
        flags.criSocket = "/run/crio/crio.sock";
        String msg = assertThrows(JoinArgumentException.class, () -> plan(flags, dir.resolve("missing.yaml")))
                .getMessage();
        assertEquals("can not mix '--config' with arguments [ENDPOINT, --token, --cri-socket, "
                + "--discovery-token-ca-cert-hash]: put them in the JoinConfiguration", msg);
    }

    private static Path config(Path dir, String yaml) throws Exception {
        Path file = dir.resolve("join.yaml");
        Files.writeString(file, "apiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\n" + yaml);
        return file;
    }

    @Test
    void theConfigurationGivesDiscoveryTimeoutsAndRegistrationAndTheFlagsItAllows(@TempDir Path dir) throws Exception {
        Path file = config(dir, """
                dryRun: true
                caCertPath: /etc/pki/cluster-ca.crt
                nodeRegistration:
                  name: from-file
                  ignorePreflightErrors: [Swap]
                discovery:
                  bootstrapToken:
                    apiServerEndpoint: 10.0.0.1:6443
                    token: %s
                    unsafeSkipCAVerification: true
                  tlsBootstrapToken: %s
                timeouts:
                  discovery: 1m
                  tlsBootstrap: 2s
                """.formatted(TOKEN, OTHER_TOKEN));
        Flags flags = new Flags();
        flags.nodeName = "from-flag";
        flags.ignore.add("CRI");
        flags.skip.add("kubelet-wait-bootstrap");
        JoinPlan plan = plan(flags, file);
        assertEquals(new JoinDiscovery.FromToken("10.0.0.1:6443", BootstrapToken.parse(TOKEN, "t"), List.of(), true,
                BootstrapToken.parse(OTHER_TOKEN, "t"), Duration.ofMinutes(1)), plan.discovery());
        JoinSettings settings = plan.settings();
        assertEquals("from-flag", settings.registration().name());
        assertTrue(settings.ignore().ignores("swap") && settings.ignore().ignores("cri"), "the flag's and the file's");
        assertEquals("/etc/pki/cluster-ca.crt", settings.caCertPath());
        assertEquals(Duration.ofSeconds(2), settings.tlsBootstrapTimeout());
        assertTrue(settings.dryRun());
        assertEquals(List.of("kubelet-wait-bootstrap"), plan.skip().values());
    }

    @Test
    void aConfigurationsFileDiscoveryAndControlPlane(@TempDir Path dir) throws Exception {
        Path file = config(dir, """
                discovery:
                  file:
                    kubeConfigPath: /etc/discovery.conf
                controlPlane:
                  certificateKey: "%s"
                  localAPIEndpoint:
                    advertiseAddress: 10.0.0.3
                """.formatted(KEY));
        JoinPlan plan = plan(new Flags(), file);
        assertEquals(new JoinDiscovery.FromFile("/etc/discovery.conf", Optional.empty()), plan.discovery());
        assertEquals("10.0.0.3", plan.controlPlane().orElseThrow().advertiseAddress());
        assertEquals(List.of(Taint.CONTROL_PLANE), plan.settings().registration().taints());
        Path worker = config(dir, """
                discovery:
                  file:
                    kubeConfigPath: /etc/discovery.conf
                """);
        Flags controlPlane = new Flags();
        controlPlane.controlPlane = true;
        String msg = assertThrows(JoinArgumentException.class, () -> plan(controlPlane, worker)).getMessage();
        assertTrue(msg.startsWith("--control-plane needs --certificate-key"), msg);
    }

    @Test
    void eachNodeThatDidNotFailGetsAVerdict() {
        Map<String, List<PhaseResult>> byHost = new LinkedHashMap<>();
        byHost.put("a", List.of(result("a", Status.CHANGED), result("a", Status.UNCHANGED)));
        byHost.put("b", List.of(result("b", Status.UNCHANGED), result("b", Status.SKIPPED)));
        byHost.put("c", List.of(result("c", Status.CHANGED), result("c", Status.FAILED)));
        RunReport report = new RunReport(byHost);
        assertEquals(List.of("a: joined the cluster (the kubelet finished its TLS bootstrap); run 'kubectl get nodes' "
                        + "on the control plane to see it", "b: already joined the cluster; nothing changed"),
                new JoinPlan.Result(report, null).verdicts());
        Path dryRunDir = Path.of("/tmp/bootstrap-join-dry-run1");
        assertEquals(List.of("a: dry run, nothing changed on the node; the files it would get are under " + dryRunDir,
                        "b: dry run, nothing changed on the node; the files it would get are under " + dryRunDir),
                new JoinPlan.Result(report, dryRunDir).verdicts());
    }

    private static PhaseResult result(String host, Status status) {
        return new PhaseResult("p", host, status, Duration.ZERO, List.of(), status == Status.FAILED ? "boom" : null);
    }
}
