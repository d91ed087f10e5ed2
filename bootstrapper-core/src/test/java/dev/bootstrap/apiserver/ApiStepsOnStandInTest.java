package dev.bootstrap.apiserver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.config.Taint;
import dev.bootstrap.discovery.ClusterInfo;
import dev.bootstrap.join.JoiningControlPlaneFiles;
import dev.bootstrap.manifests.Addons;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import dev.bootstrap.testing.Commands;
import dev.bootstrap.testing.Requirements;
import dev.bootstrap.testing.StandInCluster;
import dev.bootstrap.token.BootstrapToken;
import dev.bootstrap.token.DetachedJws;
import dev.bootstrap.token.TokenSecrets;
import dev.bootstrap.token.TokenSpec;
import dev.bootstrap.uploadcerts.CertificateKey;
import dev.bootstrap.uploadcerts.KubeadmCertsSecret;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The init steps on the API side, through a fabric8 client built from our admin.conf, over TLS to
 * the STAND-IN for kube-apiserver (fabric8's CRUD mock behind our apiserver certificate; it stores
 * objects like the real one, without defaulting, RBAC or garbage collection).
 */
class ApiStepsOnStandInTest {

    @TempDir
    Path dir;

    private StandInCluster cluster;
    private KubernetesClient client;
    private KubernetesClient direct;

    @BeforeEach
    void start() throws Exception {
        cluster = new StandInCluster(dir);
        client = ClientFactory.fromKubeconfig(cluster.kubeconfig(StandInCluster.ADMIN_CONF), "admin.conf");
        direct = cluster.direct();
    }

    @AfterEach
    void stop() {
        client.close();
        direct.close();
        cluster.close();
    }

    private static KubeadmConfig config(String version, String extraYaml) {
        String yaml = "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: " + version
                + "\n" + extraYaml;
        return KubeadmConfigReader.readInit("cluster.yaml", yaml, InitFlags.NONE).forNode("cp1", "10.211.0.11");
    }

    private static boolean changed(List<ObjectApplier.Applied> applied) {
        return ObjectApplier.Applied.anyChanged(applied);
    }

    @Test
    void clientFromAdminConfTalksTlsWithTheAdminCertificate() throws Exception {
        List<ObjectApplier.Applied> first = ClusterAdmins.ensure(client, () -> {
            throw new AssertionError("super-admin.conf must not be read when admin.conf is allowed");
        });
        assertEquals(List.of(new ObjectApplier.Applied(true, "created ClusterRoleBinding kubeadm:cluster-admins")), first);
        assertFalse(changed(ClusterAdmins.ensure(client, () -> null)));
        assertNotNull(direct.rbac().clusterRoleBindings().withName("kubeadm:cluster-admins").get());
        List<String> subjects = cluster.standIn.connections().stream()
                .map(dev.bootstrap.testing.ApiServerStandIn.Connection::clientCertSubject).distinct().toList();
        assertTrue(subjects.stream().allMatch(s -> s != null && s.contains("CN=kubernetes-admin")
                && s.contains("O=kubeadm:cluster-admins")), subjects.toString());

        // super-admin.conf carries an ECDSA key: the client reads it and presents its certificate, also
        // once BouncyCastle is a registered provider (sshj registers it on its first connection)
        if (java.security.Security.getProvider("BC") == null) {
            java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        }
        try (KubernetesClient superAdmin = ClientFactory.fromKubeconfig(
                cluster.kubeconfig(StandInCluster.SUPER_ADMIN_CONF), "super-admin.conf")) {
            assertNotNull(superAdmin.rbac().clusterRoleBindings().withName("kubeadm:cluster-admins").get());
        }
        assertTrue(cluster.standIn.sawConnection(c -> c.clientCertSubject() != null
                && c.clientCertSubject().contains("CN=kubernetes-super-admin"), Duration.ofSeconds(10)));
    }

    @Test
    void aKubeconfigWithoutServerIsRejectedNamingItsSource() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClientFactory.fromKubeconfig("apiVersion: v1\nkind: Config\n", "[node1] /etc/kubernetes/admin.conf"));
        assertTrue(e.getMessage().startsWith("[node1] /etc/kubernetes/admin.conf: "), e.getMessage());
    }

    @Test
    void uploadConfigCreatesBothConfigMapsWithKubeadmsHashThenChangesNothing() throws Exception {
        Requirements.requireTool("openssl");
        KubeadmConfig config = config("v1.33.2", "");
        String kubelet = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: systemd\n";
        UploadConfig upload = new UploadConfig(client);
        List<ObjectApplier.Applied> first = upload.upload(config.clusterConfigurationYaml(), kubelet);
        assertTrue(first.stream().allMatch(ObjectApplier.Applied::changed), first.toString());
        assertEquals(List.of("created ConfigMap kube-system/kubeadm-config", "created ConfigMap kube-system/kubelet-config",
                "created Role kube-system/kubeadm:nodes-kubeadm-config",
                "created RoleBinding kube-system/kubeadm:nodes-kubeadm-config",
                "created Role kube-system/kubeadm:kubelet-config", "created RoleBinding kube-system/kubeadm:kubelet-config"),
                first.stream().map(ObjectApplier.Applied::line).toList());
        List<ObjectApplier.Applied> again = upload.upload(config.clusterConfigurationYaml(), kubelet);
        assertFalse(changed(again), again.toString());

        ConfigMap kubeadmConfig = direct.configMaps().inNamespace("kube-system").withName("kubeadm-config").get();
        assertEquals(Set.of("ClusterConfiguration"), kubeadmConfig.getData().keySet());
        Map<String, Object> cc = new Yaml().load(kubeadmConfig.getData().get("ClusterConfiguration"));
        assertEquals("kubeadm.k8s.io/v1beta4", cc.get("apiVersion"));
        assertEquals("ClusterConfiguration", cc.get("kind"));
        assertEquals("v1.33.2", cc.get("kubernetesVersion"));
        ConfigMap kubeletConfig = direct.configMaps().inNamespace("kube-system").withName("kubelet-config").get();
        assertEquals(Map.of("kubelet", kubelet), kubeletConfig.getData());
        // kubeadm's hash, computed independently by openssl over the one data value
        Path value = Files.writeString(dir.resolve("kubelet-value"), kubelet);
        String digest = Commands.runChecked(dir, "openssl", "dgst", "-sha256", "-r", value.toString()).split(" ")[0];
        assertEquals("sha256:" + digest,
                kubeletConfig.getMetadata().getAnnotations().get("kubeadm.kubernetes.io/component-config.hash"));
        assertEquals(List.of("system:bootstrappers:kubeadm:default-node-token", "system:nodes"),
                direct.rbac().roleBindings().inNamespace("kube-system").withName("kubeadm:nodes-kubeadm-config").get()
                        .getSubjects().stream().map(s -> s.getName()).toList());
    }

    private Map<String, byte[]> pkiFiles(KubeadmConfig config) {
        return KubeadmCertsSecret.of(config.cluster()).read(cluster.host);
    }

    @Test
    void uploadCertsEncryptsOwnsByATtlTokenAndRoundTrips() {
        KubeadmConfig config = config("v1.34.1", "");
        CertificateKey key = CertificateKey.generate();
        Map<String, byte[]> files = pkiFiles(config);
        assertEquals(List.of("ca.crt", "ca.key", "front-proxy-ca.crt", "front-proxy-ca.key", "sa.pub", "sa.key",
                "etcd-ca.crt", "etcd-ca.key"), List.copyOf(files.keySet()));
        assertTrue(files.values().stream().allMatch(b -> b.length > 0), "the stand-in cluster's PKI has every file");
        Instant now = Instant.now();
        List<ObjectApplier.Applied> first = new UploadCerts(client).upload(key, files, now);
        assertTrue(changed(first));

        Secret certs = direct.secrets().inNamespace("kube-system").withName("kubeadm-certs").get();
        assertEquals(files.keySet(), certs.getData().keySet());
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            byte[] stored = Base64.getDecoder().decode(certs.getData().get(f.getKey()));
            assertEquals(12 + f.getValue().length + 16, stored.length, "nonce || ciphertext || tag: " + f.getKey());
        }
        OwnerReference owner = certs.getMetadata().getOwnerReferences().get(0);
        assertEquals(1, certs.getMetadata().getOwnerReferences().size());
        assertEquals("v1", owner.getApiVersion());
        assertEquals("Secret", owner.getKind());
        assertTrue(owner.getController());
        assertTrue(owner.getBlockOwnerDeletion());
        Secret token = direct.secrets().inNamespace("kube-system").withName(owner.getName()).get();
        assertEquals(token.getMetadata().getUid(), owner.getUid());
        assertNotNull(owner.getUid());
        assertEquals("bootstrap.kubernetes.io/token", token.getType());
        assertEquals(Optional.of("Proxy for managing TTL for the kubeadm-certs secret"),
                TokenSecrets.value(token, "description"));
        Instant expiration = TokenSecrets.expiration(token).orElseThrow();
        assertTrue(Math.abs(Duration.between(now.plus(Duration.ofHours(2)), expiration).toSeconds()) <= 1, expiration.toString());
        assertEquals(Set.of("token-id", "token-secret", "description", "expiration"), token.getData().keySet(),
                "no usages, no extra groups");
        assertEquals(List.of("secrets"), direct.rbac().roles().inNamespace("kube-system").withName("kubeadm:kubeadm-certs")
                .get().getRules().get(0).getResources());

        // round trip, decrypted to the files' paths as a joining control plane does
        KubeadmCertsSecret table = KubeadmCertsSecret.of(config.cluster());
        Map<String, byte[]> downloaded = table.decrypt(certs.getData(), key);
        assertEquals(List.copyOf(table.files().values()), List.copyOf(downloaded.keySet()));
        table.files().forEach((k, path) -> assertArrayEquals(files.get(k), downloaded.get(path), k));

        // same key, same files: nothing re-encrypted, no new token
        List<ObjectApplier.Applied> again = new UploadCerts(client).upload(key, pkiFiles(config), now);
        assertFalse(changed(again), again.toString());
        assertEquals("unchanged Secret kube-system/kubeadm-certs (same certificates, same key)", again.get(0).line());
        assertEquals(certs.getData(), direct.secrets().inNamespace("kube-system").withName("kubeadm-certs").get().getData());
        assertEquals(1, new TokenStore(direct).list().size());

        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> table.decrypt(certs.getData(), CertificateKey.generate()));
        assertTrue(wrong.getMessage().contains("the certificate key is wrong"), wrong.getMessage());
        assertTrue(wrong.getMessage().contains("kube-system/kubeadm-certs ca.crt"), wrong.getMessage());
    }

    @Test
    void uploadCertsReEncryptsOnlyWhatChangedAndStoresMissingFilesEmpty() {
        KubeadmConfig config = config("v1.34.1", "");
        CertificateKey key = CertificateKey.generate();
        Map<String, byte[]> files = new java.util.LinkedHashMap<>(pkiFiles(config));
        files.put("front-proxy-ca.key", new byte[0]);
        Instant now = Instant.now();
        new UploadCerts(client).upload(key, files, now);
        Map<String, String> before = direct.secrets().inNamespace("kube-system").withName("kubeadm-certs").get().getData();
        assertEquals("", before.get("front-proxy-ca.key"), "a missing file is an empty value, as kubeadm stores it");

        files.put("sa.pub", "-----BEGIN PUBLIC KEY-----\nchanged\n-----END PUBLIC KEY-----\n".getBytes(StandardCharsets.US_ASCII));
        List<ObjectApplier.Applied> update = new UploadCerts(client).upload(key, files, now);
        assertEquals("updated Secret kube-system/kubeadm-certs (1 of 8 values re-encrypted)", update.get(0).line());
        Map<String, String> after = direct.secrets().inNamespace("kube-system").withName("kubeadm-certs").get().getData();
        for (String k : files.keySet()) {
            assertEquals(!k.equals("sa.pub"), before.get(k).equals(after.get(k)), k);
        }
        assertArrayEquals(files.get("sa.pub"),
                KubeadmCertsSecret.of(config.cluster()).decrypt(after, key).get("/etc/kubernetes/pki/sa.pub"));

        // a new key re-encrypts everything but the empty value; the token still lives, so it stays the owner
        CertificateKey other = CertificateKey.generate();
        assertEquals("updated Secret kube-system/kubeadm-certs (7 of 8 values re-encrypted)",
                new UploadCerts(client).upload(other, files, now).get(0).line());
        assertEquals(1, new TokenStore(direct).list().size());
        // two hours later the owner has expired: a new token takes over
        List<ObjectApplier.Applied> later = new UploadCerts(client).upload(other, files, now.plus(Duration.ofHours(3)));
        assertTrue(later.get(0).line().startsWith("created Secret kube-system/bootstrap-token-"), later.toString());
        assertEquals("updated Secret kube-system/kubeadm-certs (0 of 8 values re-encrypted, owned by a new TTL token)",
                later.get(1).line());
    }

    @Test
    void downloadWritesKeysPrivateAndCertificatesReadable(@TempDir Path joinRoot) throws Exception {
        Requirements.requireTool("openssl");
        KubeadmConfig config = config("v1.34.1", "");
        CertificateKey key = CertificateKey.generate();
        new UploadCerts(client).upload(key, pkiFiles(config), Instant.now());
        dev.bootstrap.host.LocalHost joining = new dev.bootstrap.host.LocalHost("cp2", joinRoot);
        Map<String, byte[]> shared = KubeadmCertsSecret.of(config.cluster()).decrypt(
                direct.secrets().inNamespace("kube-system").withName("kubeadm-certs").get().getData(), key);
        List<String> lines = new JoiningControlPlaneFiles(joining, config, new TemplateRenderer(TemplateSource.builtIn()),
                Map.of()).write(shared).details();
        assertEquals(8, shared.size());
        shared.keySet().forEach(path -> assertTrue(lines.contains("wrote " + path), path + " in " + lines));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(joining.resolve("/etc/kubernetes/pki/etcd/ca.key"))));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(joining.resolve("/etc/kubernetes/pki/ca.crt"))));
        // the downloaded CA is the same certificate, as openssl sees it
        String fp1 = Commands.runChecked(dir, "openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in",
                cluster.host.resolve("/etc/kubernetes/pki/ca.crt").toString());
        String fp2 = Commands.runChecked(dir, "openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in",
                joining.resolve("/etc/kubernetes/pki/ca.crt").toString());
        assertEquals(fp1, fp2);
    }

    @Test
    void markControlPlaneWaitsForTheNodeAndKeepsItsTaints() throws Exception {
        Thread kubelet = new Thread(() -> {
            try {
                Thread.sleep(1200);
            } catch (InterruptedException e) {
                return;
            }
            direct.nodes().resource(new NodeBuilder().withNewMetadata().withName("cp1")
                    .addToLabels("kubernetes.io/hostname", "cp1").endMetadata()
                    .withNewSpec().addNewTaint().withKey("example.com/gpu").withValue("yes").withEffect("NoExecute").endTaint()
                    .addNewTaint().withKey("node-role.kubernetes.io/control-plane").withEffect("NoSchedule").endTaint()
                    .endSpec().build()).create();
        });
        kubelet.start();
        KubeadmConfig config = config("v1.33.2", "");
        MarkControlPlane mark = new MarkControlPlane(client);
        List<Taint> taints = List.of(Taint.CONTROL_PLANE, new Taint("example.com/dedicated", "cp", "PreferNoSchedule"));
        List<ObjectApplier.Applied> first = mark.mark("cp1", taints, MarkControlPlane.criSocketAnnotation(config),
                Duration.ofSeconds(20));
        kubelet.join();
        assertEquals("marked Node cp1 as control plane: label node-role.kubernetes.io/control-plane, "
                + "label node.kubernetes.io/exclude-from-external-load-balancers, taint example.com/dedicated=cp:PreferNoSchedule, "
                + "annotation kubeadm.alpha.kubernetes.io/cri-socket=unix:///var/run/containerd/containerd.sock",
                first.get(0).line());
        var node = direct.nodes().withName("cp1").get();
        assertEquals("", node.getMetadata().getLabels().get("node-role.kubernetes.io/control-plane"));
        assertEquals("", node.getMetadata().getLabels().get("node.kubernetes.io/exclude-from-external-load-balancers"));
        assertEquals("cp1", node.getMetadata().getLabels().get("kubernetes.io/hostname"));
        assertEquals(List.of("example.com/gpu=yes:NoExecute", "node-role.kubernetes.io/control-plane=null:NoSchedule",
                "example.com/dedicated=cp:PreferNoSchedule"),
                node.getSpec().getTaints().stream().map(t -> t.getKey() + "=" + t.getValue() + ":" + t.getEffect()).toList());
        assertEquals("unix:///var/run/containerd/containerd.sock",
                node.getMetadata().getAnnotations().get("kubeadm.alpha.kubernetes.io/cri-socket"));
        assertFalse(changed(mark.mark("cp1", taints, MarkControlPlane.criSocketAnnotation(config), Duration.ofSeconds(5))));
        assertEquals(3, direct.nodes().withName("cp1").get().getSpec().getTaints().size());
    }

    @Test
    void markControlPlaneOn134LeavesTheCriSocketOffTheNodeAndTimesOutClearly() {
        KubeadmConfig config = config("v1.34.1", "");
        assertEquals(Optional.empty(), MarkControlPlane.criSocketAnnotation(config));
        assertEquals(Optional.of("unix:///var/run/containerd/containerd.sock"),
                MarkControlPlane.criSocketAnnotation(config("v1.34.1", "featureGates:\n  NodeLocalCRISocket: false\n")));
        long start = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new MarkControlPlane(client).mark(config, Duration.ofSeconds(2)));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 2000);
        assertTrue(e.getMessage().startsWith("Node \"cp1\" did not appear in the API server within 2s"), e.getMessage());
        assertTrue(e.getMessage().contains("journalctl -xeu kubelet"), e.getMessage());
    }

    @Test
    void bootstrapTokensPhaseCreatesTokensRbacAndSignedClusterInfoOnce() throws Exception {
        Requirements.requireTool("openssl");
        BootstrapToken token = BootstrapToken.parse("abcdef.0123456789abcdef", "--token");
        String kubeconfig = ClusterInfo.kubeconfig(cluster.standIn.url(), cluster.caPem.getBytes(StandardCharsets.US_ASCII));
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        BootstrapTokens phase = new BootstrapTokens(client);
        List<ObjectApplier.Applied> first = phase.run(List.of(TokenSpec.defaults(token, TokenSpec.INIT_DESCRIPTION)),
                kubeconfig, now, false);
        assertEquals(List.of("created Secret kube-system/bootstrap-token-abcdef",
                "created ClusterRoleBinding kubeadm:kubelet-bootstrap",
                "created ClusterRoleBinding kubeadm:node-autoapprove-bootstrap",
                "created ClusterRoleBinding kubeadm:node-autoapprove-certificate-rotation",
                "created ClusterRole kubeadm:get-nodes", "created ClusterRoleBinding kubeadm:get-nodes",
                "created ConfigMap kube-public/cluster-info", "signed ConfigMap kube-public/cluster-info (jws-kubeconfig-abcdef)",
                "created Role kube-public/kubeadm:bootstrap-signer-clusterinfo",
                "created RoleBinding kube-public/kubeadm:bootstrap-signer-clusterinfo"),
                first.stream().map(ObjectApplier.Applied::line).toList());
        assertFalse(changed(phase.run(List.of(TokenSpec.defaults(token, TokenSpec.INIT_DESCRIPTION)), kubeconfig, now, false)));

        Secret secret = direct.secrets().inNamespace("kube-system").withName("bootstrap-token-abcdef").get();
        Map<String, String> data = secret.getData().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> new String(Base64.getDecoder().decode(e.getValue()), StandardCharsets.UTF_8)));
        assertEquals(Map.of("token-id", "abcdef", "token-secret", "0123456789abcdef",
                "description", "The default bootstrap token generated by 'kubeadm init'.",
                "expiration", "2026-11-23T10:00:00Z", "usage-bootstrap-signing", "true",
                "usage-bootstrap-authentication", "true",
                "auth-extra-groups", "system:bootstrappers:kubeadm:default-node-token"), data);
        ConfigMap info = direct.configMaps().inNamespace("kube-public").withName("cluster-info").get();
        assertEquals(kubeconfig, info.getData().get("kubeconfig"));
        // the signature, recomputed here with plain HMAC-SHA256 (openssl) over header.payload
        String jws = info.getData().get("jws-kubeconfig-abcdef");
        String header = jws.substring(0, jws.indexOf(".."));
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        assertEquals(b64.encodeToString("{\"alg\":\"HS256\",\"kid\":\"abcdef\"}".getBytes(StandardCharsets.UTF_8)), header);
        Path input = Files.writeString(dir.resolve("signing-input"),
                header + "." + b64.encodeToString(kubeconfig.getBytes(StandardCharsets.UTF_8)));
        String mac = Commands.runChecked(dir, "openssl", "dgst", "-sha256", "-mac", "HMAC", "-macopt",
                "key:0123456789abcdef", "-binary", "-out", "mac.bin", input.toString());
        assertEquals("", mac);
        assertEquals(header + ".." + b64.encodeToString(Files.readAllBytes(dir.resolve("mac.bin"))), jws);
        assertTrue(DetachedJws.verify(info.getData().get("kubeconfig"), jws, "abcdef", "0123456789abcdef"));
    }

    @Test
    void addonsAreAppliedOnceAndKeepAScaledCoreDnsReplicaCount() {
        KubeadmConfig config = config("v1.34.1", "controlPlaneEndpoint: api.example.test\n");
        Addons addons = new Addons(new TemplateRenderer(TemplateSource.builtIn()), config, Map.of());
        AddonInstaller installer = new AddonInstaller(client);
        List<ObjectApplier.Applied> first = installer.install(addons.coreDns(), addons.kubeProxy());
        assertTrue(first.stream().allMatch(ObjectApplier.Applied::changed), first.toString());
        assertEquals(addons.coreDns().size() + addons.kubeProxy().size(), first.size());
        for (HasMetadata o : addons.coreDns()) {
            assertNotNull(direct.resource(o).get(), ObjectApplier.describe(o));
        }
        // Applied at once, but the workloads only after what they use (the stand-in numbers every write).
        List<HasMetadata> all = new java.util.ArrayList<>(addons.coreDns());
        all.addAll(addons.kubeProxy());
        java.util.function.ToLongFunction<HasMetadata> version = o -> Long.parseLong(direct.resource(o).get()
                .getMetadata().getResourceVersion());
        java.util.function.Predicate<HasMetadata> workload = o -> o instanceof Deployment
                || o instanceof io.fabric8.kubernetes.api.model.apps.DaemonSet;
        long lastOther = all.stream().filter(workload.negate()).mapToLong(version).max().orElseThrow();
        long firstWorkload = all.stream().filter(workload).mapToLong(version).min().orElseThrow();
        assertTrue(lastOther < firstWorkload, "a workload was created before what it uses");
        ConfigMap proxy = direct.configMaps().inNamespace("kube-system").withName("kube-proxy").get();
        Map<String, Object> kc = new Yaml().load(proxy.getData().get("kubeconfig.conf"));
        @SuppressWarnings("unchecked")
        Map<String, Object> clusterEntry = (Map<String, Object>) ((Map<String, Object>)
                ((List<?>) kc.get("clusters")).get(0)).get("cluster");
        assertEquals("https://api.example.test:6443", clusterEntry.get("server"));
        assertEquals(ComponentConfigHash.of(addons.kubeProxy().stream().filter(ConfigMap.class::isInstance)
                .map(ConfigMap.class::cast).findFirst().orElseThrow()),
                proxy.getMetadata().getAnnotations().get(ComponentConfigHash.ANNOTATION));
        assertEquals("app=kube-proxy", proxy.getMetadata().getLabels().entrySet().iterator().next().toString());

        List<ObjectApplier.Applied> again = installer.install(addons.coreDns(), addons.kubeProxy());
        assertFalse(changed(again), again.toString());

        // someone scales CoreDNS; a newer template must not undo that
        direct.apps().deployments().inNamespace("kube-system").withName("coredns").edit(d -> {
            d.getSpec().setReplicas(5);
            return d;
        });
        assertFalse(changed(installer.install(addons.coreDns(), List.of())), "scaling alone is no reason to re-apply");
        List<HasMetadata> newer = addons.coreDns();
        newer.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).findFirst().orElseThrow()
                .getSpec().getTemplate().getSpec().getContainers().get(0).setImage("registry.k8s.io/coredns/coredns:v9.9.9");
        List<ObjectApplier.Applied> upgrade = installer.install(newer, List.of());
        assertTrue(upgrade.contains(new ObjectApplier.Applied(true, "updated Deployment kube-system/coredns")), upgrade.toString());
        Deployment dns = direct.apps().deployments().inNamespace("kube-system").withName("coredns").get();
        assertEquals(5, dns.getSpec().getReplicas());
        assertEquals("registry.k8s.io/coredns/coredns:v9.9.9",
                dns.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertNull(direct.apps().deployments().inNamespace("kube-system").withName("kube-proxy").get(), "a DaemonSet");
    }
}
