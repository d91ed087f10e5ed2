package dev.bootstrap.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.templates.RenderedFile;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StaticPodsTest {

    static final TemplateRenderer RENDERER = new TemplateRenderer(TemplateSource.builtIn());
    static final ControlPlaneFacts NO_FACTS = new ControlPlaneFacts(p -> false, Map.of(), false);

    static KubeadmConfig config(String version, String extraYaml) {
        String yaml = "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: " + version
                + "\n" + extraYaml;
        return KubeadmConfigReader.readInit("cluster.yaml", yaml, InitFlags.NONE).forNode("cp1", "10.211.0.11");
    }

    static Container container(RenderedFile file) {
        Pod pod = new KubernetesSerialization().unmarshal(file.text(), Pod.class);
        return pod.getSpec().getContainers().get(0);
    }

    static Pod pod(RenderedFile file) {
        return new KubernetesSerialization().unmarshal(file.text(), Pod.class);
    }

    static int minor(String version) {
        return Integer.parseInt(version.split("\\.")[1]);
    }

    private static List<String> expected(String binary, String... flags) {
        List<String> command = new ArrayList<>(List.of(binary));
        command.addAll(List.of(flags));
        return command;
    }

    /** Each component's default flags (docs/kubeadm-compat.md#static-pods, the etcd names per release in #rules). */
    @ParameterizedTest
    @ValueSource(strings = {"v1.31.4", "v1.32.3", "v1.33.2", "v1.34.1", "v1.35.0", "v1.35.5", "v1.36.0", "v1.36.1",
            "v1.37.0", "v1.37.1"})
    void defaultFlagsMatchKubeadms(String version) {
        StaticPods pods = new StaticPods(RENDERER, config(version, ""), NO_FACTS);
        assertEquals(expected("kube-apiserver",
                "--advertise-address=10.211.0.11", "--allow-privileged=true", "--authorization-mode=Node,RBAC",
                "--client-ca-file=/etc/kubernetes/pki/ca.crt", "--enable-admission-plugins=NodeRestriction",
                "--enable-bootstrap-token-auth=true", "--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt",
                "--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt",
                "--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key", "--etcd-servers=https://127.0.0.1:2379",
                "--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt",
                "--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key",
                "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
                "--proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt",
                "--proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key",
                "--requestheader-allowed-names=front-proxy-client",
                "--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt",
                "--requestheader-extra-headers-prefix=X-Remote-Extra-", "--requestheader-group-headers=X-Remote-Group",
                "--requestheader-username-headers=X-Remote-User", "--secure-port=6443",
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                "--service-account-key-file=/etc/kubernetes/pki/sa.pub",
                "--service-account-signing-key-file=/etc/kubernetes/pki/sa.key",
                "--service-cluster-ip-range=10.96.0.0/12", "--tls-cert-file=/etc/kubernetes/pki/apiserver.crt",
                "--tls-private-key-file=/etc/kubernetes/pki/apiserver.key"),
                container(pods.render("kube-apiserver")).getCommand());
        assertEquals(expected("kube-controller-manager",
                "--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf",
                "--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf", "--bind-address=127.0.0.1",
                "--client-ca-file=/etc/kubernetes/pki/ca.crt", "--cluster-name=kubernetes",
                "--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt",
                "--cluster-signing-key-file=/etc/kubernetes/pki/ca.key", "--controllers=*,bootstrapsigner,tokencleaner",
                "--kubeconfig=/etc/kubernetes/controller-manager.conf", "--leader-elect=true",
                "--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt",
                "--root-ca-file=/etc/kubernetes/pki/ca.crt", "--service-account-private-key-file=/etc/kubernetes/pki/sa.key",
                "--use-service-account-credentials=true"),
                container(pods.render("kube-controller-manager")).getCommand());
        assertEquals(expected("kube-scheduler", "--authentication-kubeconfig=/etc/kubernetes/scheduler.conf",
                "--authorization-kubeconfig=/etc/kubernetes/scheduler.conf", "--bind-address=127.0.0.1",
                "--kubeconfig=/etc/kubernetes/scheduler.conf", "--leader-elect=true"),
                container(pods.render("kube-scheduler")).getCommand());
        boolean etcd36 = minor(version) >= 34; // 1.34-1.35: etcd 3.6 tags; 1.36 on: always
        List<String> etcd = new ArrayList<>(List.of("etcd", "--advertise-client-urls=https://10.211.0.11:2379",
                "--cert-file=/etc/kubernetes/pki/etcd/server.crt", "--client-cert-auth=true", "--data-dir=/var/lib/etcd"));
        etcd.addAll(etcd36 ? List.of("--feature-gates=InitialCorruptCheck=true")
                : List.of("--experimental-initial-corrupt-check=true", "--experimental-watch-progress-notify-interval=5s"));
        etcd.addAll(List.of("--initial-advertise-peer-urls=https://10.211.0.11:2380",
                "--initial-cluster=cp1=https://10.211.0.11:2380", "--key-file=/etc/kubernetes/pki/etcd/server.key",
                "--listen-client-urls=https://127.0.0.1:2379,https://10.211.0.11:2379",
                "--listen-metrics-urls=http://127.0.0.1:2381", "--listen-peer-urls=https://10.211.0.11:2380", "--name=cp1",
                "--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt", "--peer-client-cert-auth=true",
                "--peer-key-file=/etc/kubernetes/pki/etcd/peer.key", "--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt",
                "--snapshot-count=10000", "--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt"));
        if (etcd36) {
            etcd.add("--watch-progress-notify-interval=5s");
        }
        assertEquals(etcd, container(pods.etcd()).getCommand());
    }

    /**
     * An etcd 3.5 image pinned by the user: kubeadm up to 1.35 picks the flag names by the etcd tag (3.5:
     * --experimental-*), 1.36 dropped that branch (PR #135701) and writes the 3.6 names whatever the tag.
     */
    @ParameterizedTest
    @CsvSource({"v1.34.4, false", "v1.35.0, false", "v1.35.9, false", "v1.36.0, true", "v1.37.0, true", "v1.37.1, true"})
    void anEtcd35TagKeepsTheExperimentalFlagNamesUntil136(String version, boolean newNames) {
        Container etcd = container(new StaticPods(RENDERER, config(version, """
                etcd:
                  local:
                    imageTag: 3.5.21-0
                """), NO_FACTS).etcd());
        assertEquals("registry.k8s.io/etcd:3.5.21-0", etcd.getImage());
        assertEquals(newNames ? List.of("--feature-gates=InitialCorruptCheck=true", "--watch-progress-notify-interval=5s")
                : List.of("--experimental-initial-corrupt-check=true", "--experimental-watch-progress-notify-interval=5s"),
                etcd.getCommand().stream().filter(f -> f.startsWith("--experimental-") || f.startsWith("--feature-gates=")
                        || f.startsWith("--watch-progress-notify-interval=")).toList());
    }

    private static void assertProbe(Probe probe, String path, String host, Object port, String scheme, int threshold) {
        assertEquals(path, probe.getHttpGet().getPath());
        assertEquals(host, probe.getHttpGet().getHost());
        assertEquals(port, port instanceof String ? probe.getHttpGet().getPort().getStrVal()
                : probe.getHttpGet().getPort().getIntVal());
        assertEquals(scheme, probe.getHttpGet().getScheme());
        assertEquals(threshold, probe.getFailureThreshold());
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.31.4", "v1.32.3", "v1.33.2", "v1.34.1", "v1.35.0", "v1.35.5", "v1.36.0", "v1.36.1",
            "v1.37.0", "v1.37.1"})
    void probesPerVersionAndComponent(String version) {
        StaticPods pods = new StaticPods(RENDERER, config(version, ""), NO_FACTS);
        boolean named = minor(version) >= 34;
        Container api = container(pods.render("kube-apiserver"));
        assertProbe(api.getLivenessProbe(), "/livez", "10.211.0.11", named ? "probe-port" : 6443, "HTTPS", 8);
        assertProbe(api.getReadinessProbe(), "/readyz", "10.211.0.11", named ? "probe-port" : 6443, "HTTPS", 3);
        assertProbe(api.getStartupProbe(), "/livez", "10.211.0.11", named ? "probe-port" : 6443, "HTTPS", 24);
        assertEquals(named ? 1 : 0, api.getPorts().size());
        if (named) {
            assertEquals("probe-port", api.getPorts().get(0).getName());
            assertEquals(6443, api.getPorts().get(0).getContainerPort());
        }
        Container kcm = container(pods.render("kube-controller-manager"));
        assertProbe(kcm.getLivenessProbe(), "/healthz", "127.0.0.1", named ? "probe-port" : 10257, "HTTPS", 8);
        assertNull(kcm.getReadinessProbe());
        Container scheduler = container(pods.render("kube-scheduler"));
        boolean livez = !version.startsWith("v1.31");
        assertProbe(scheduler.getLivenessProbe(), livez ? "/livez" : "/healthz", "127.0.0.1",
                named ? "probe-port" : 10259, "HTTPS", 8);
        assertProbe(scheduler.getStartupProbe(), livez ? "/livez" : "/healthz", "127.0.0.1",
                named ? "probe-port" : 10259, "HTTPS", 24);
        assertEquals(livez, scheduler.getReadinessProbe() != null);
        Container etcd = container(pods.etcd());
        assertProbe(etcd.getLivenessProbe(), "/livez", "127.0.0.1", named ? "probe-port" : 2381, "HTTP", 8);
        assertProbe(etcd.getReadinessProbe(), "/readyz", "127.0.0.1", named ? "probe-port" : 2381, "HTTP", 3);
        assertProbe(etcd.getStartupProbe(), "/readyz", "127.0.0.1", named ? "probe-port" : 2381, "HTTP", 24);
    }

    @Test
    void aJoiningEtcdMemberListsTheWholeClusterAndJoinsTheExistingOne() {
        StaticPods pods = new StaticPods(RENDERER, config("v1.33.2", ""), NO_FACTS);
        String all = "cp0=https://10.211.0.10:2380,cp1=https://10.211.0.11:2380";
        List<String> joining = container(pods.etcdJoining(all)).getCommand();
        List<String> first = new ArrayList<>(container(pods.etcd()).getCommand());
        assertTrue(first.remove("--initial-cluster=cp1=https://10.211.0.11:2380"), first.toString());
        assertFalse(first.stream().anyMatch(f -> f.startsWith("--initial-cluster-state")), first.toString());
        List<String> rest = new ArrayList<>(joining);
        assertTrue(rest.remove("--initial-cluster=" + all), joining.toString());
        assertTrue(rest.remove("--initial-cluster-state=existing"), joining.toString());
        assertEquals(first, rest, "only the two cluster flags differ");
        assertEquals("/etc/kubernetes/manifests/etcd.yaml", pods.etcdJoining(all).path());
        assertThrows(IllegalArgumentException.class, () -> pods.etcdJoining(" "));
    }

    @Test
    void commonPodFieldsVolumesAndAnnotations() {
        ControlPlaneFacts facts = new ControlPlaneFacts(p -> p.equals("/etc/ca-certificates"), Map.of(), false);
        StaticPods pods = new StaticPods(RENDERER, config("v1.34.1", ""), facts);
        for (String component : StaticPods.COMPONENTS) {
            RenderedFile file = pods.render(component);
            assertEquals("/etc/kubernetes/manifests/" + component + ".yaml", file.path());
            assertEquals(0600, file.mode());
            Pod pod = pod(file);
            assertEquals(Map.of("component", component, "tier", "control-plane"), pod.getMetadata().getLabels());
            assertTrue(pod.getSpec().getHostNetwork());
            assertEquals("system-node-critical", pod.getSpec().getPriorityClassName());
            assertEquals(2000001000, pod.getSpec().getPriority());
            assertEquals("RuntimeDefault", pod.getSpec().getSecurityContext().getSeccompProfile().getType());
            assertEquals("IfNotPresent", pod.getSpec().getContainers().get(0).getImagePullPolicy());
            List<String> names = pod.getSpec().getVolumes().stream().map(Volume::getName).toList();
            assertEquals(names.stream().sorted().toList(), names);
        }
        Pod api = pod(pods.render("kube-apiserver"));
        assertEquals("10.211.0.11:6443",
                api.getMetadata().getAnnotations().get("kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint"));
        assertEquals("250m", api.getSpec().getContainers().get(0).getResources().getRequests().get("cpu").toString());
        Pod kcm = pod(pods.render("kube-controller-manager"));
        assertFalse(kcm.getSpec().getContainers().get(0).getVolumeMounts().stream()
                .filter(m -> m.getName().equals("flexvolume-dir")).findFirst().orElseThrow().getReadOnly() != null);
        Pod etcd = pod(pods.etcd());
        assertEquals("https://10.211.0.11:2379",
                etcd.getMetadata().getAnnotations().get("kubeadm.kubernetes.io/etcd.advertise-client-urls"));
        assertEquals("100Mi", etcd.getSpec().getContainers().get(0).getResources().getRequests().get("memory").toString());
        assertEquals("registry.k8s.io/etcd:3.6.4-0", etcd.getSpec().getContainers().get(0).getImage());
    }

    /**
     * Every volume with its mount (docs/kubeadm-compat.md#static-pods), on a node with /etc/ca-certificates:
     * flexvolume-dir until 1.36 (docs/kubeadm-compat.md#rules-that-change-with-the-release).
     */
    @ParameterizedTest
    @CsvSource({"v1.34.1, true", "v1.35.0, true", "v1.36.0, false", "v1.37.1, false"})
    void volumesAndMountsPerRelease(String version, boolean flexVolume) {
        ControlPlaneFacts facts = new ControlPlaneFacts(p -> p.equals("/etc/ca-certificates"), Map.of(), false);
        StaticPods pods = new StaticPods(RENDERER, config(version, ""), facts);
        String caCerts = "ca-certs /etc/ssl/certs DirectoryOrCreate ro";
        String etcCaCertificates = "etc-ca-certificates /etc/ca-certificates DirectoryOrCreate ro";
        String k8sCerts = "k8s-certs /etc/kubernetes/pki DirectoryOrCreate ro";
        assertEquals(List.of(caCerts, etcCaCertificates, k8sCerts), volumes(pods.render("kube-apiserver")));
        List<String> kcm = new ArrayList<>(List.of(caCerts, etcCaCertificates, k8sCerts,
                "kubeconfig /etc/kubernetes/controller-manager.conf FileOrCreate ro"));
        if (flexVolume) {
            kcm.add(2, "flexvolume-dir /usr/libexec/kubernetes/kubelet-plugins/volume/exec DirectoryOrCreate rw");
        }
        assertEquals(kcm, volumes(pods.render("kube-controller-manager")));
        assertEquals(List.of("kubeconfig /etc/kubernetes/scheduler.conf FileOrCreate ro"),
                volumes(pods.render("kube-scheduler")));
        assertEquals(List.of("etcd-certs /etc/kubernetes/pki/etcd DirectoryOrCreate rw",
                "etcd-data /var/lib/etcd DirectoryOrCreate rw"), volumes(pods.etcd()));
    }

    /** Each hostPath volume as "name path type ro|rw", checked against its one mount at the same path. */
    private static List<String> volumes(RenderedFile file) {
        Pod pod = pod(file);
        List<VolumeMount> mounts = pod.getSpec().getContainers().get(0).getVolumeMounts();
        assertEquals(pod.getSpec().getVolumes().size(), mounts.size(), file.path());
        return pod.getSpec().getVolumes().stream().map(v -> {
            VolumeMount mount = mounts.stream().filter(m -> m.getName().equals(v.getName())).findFirst().orElseThrow();
            assertEquals(v.getHostPath().getPath(), mount.getMountPath(), v.getName());
            return v.getName() + " " + v.getHostPath().getPath() + " " + v.getHostPath().getType()
                    + (Boolean.TRUE.equals(mount.getReadOnly()) ? " ro" : " rw");
        }).toList();
    }

    @Test
    void extraArgsVolumesEnvsAndProxyVariables() {
        KubeadmConfig config = config("v1.33.2", """
                networking:
                  podSubnet: 10.244.0.0/16
                controllerManager:
                  extraArgs:
                  - name: bind-address
                    value: 0.0.0.0
                  - name: cluster-signing-duration
                    value: 48h
                apiServer:
                  extraArgs:
                  - name: authorization-config
                    value: /etc/kubernetes/authz.yaml
                  extraVolumes:
                  - name: authz
                    hostPath: /etc/kubernetes/authz.yaml
                    mountPath: /etc/kubernetes/authz.yaml
                    readOnly: true
                    pathType: File
                  - name: ca-certs
                    hostPath: /etc/pki/custom
                    mountPath: /etc/ssl/certs
                  extraEnvs:
                  - name: GOGC
                    value: "50"
                  - name: HTTPS_PROXY
                    value: http://override:3128
                """);
        ControlPlaneFacts facts = new ControlPlaneFacts(p -> false,
                ControlPlaneFacts.proxyVariables(Map.of("HTTPS_PROXY", "http://proxy:3128", "no_proxy", "10.0.0.0/8",
                        "PATH", "/bin", "ftp_proxy", "")), false);
        StaticPods pods = new StaticPods(RENDERER, config, facts);
        Container api = container(pods.render("kube-apiserver"));
        assertTrue(api.getCommand().contains("--authorization-config=/etc/kubernetes/authz.yaml"));
        assertTrue(api.getCommand().stream().noneMatch(f -> f.startsWith("--authorization-mode")));
        assertEquals(List.of("GOGC=50", "HTTPS_PROXY=http://override:3128", "no_proxy=10.0.0.0/8"),
                api.getEnv().stream().map(e -> e.getName() + "=" + e.getValue()).toList());
        Pod apiPod = pod(pods.render("kube-apiserver"));
        Volume authz = apiPod.getSpec().getVolumes().stream().filter(v -> v.getName().equals("authz")).findFirst().orElseThrow();
        assertEquals("File", authz.getHostPath().getType());
        Volume caCerts = apiPod.getSpec().getVolumes().stream().filter(v -> v.getName().equals("ca-certs")).findFirst().orElseThrow();
        assertEquals("/etc/pki/custom", caCerts.getHostPath().getPath());
        Container kcm = container(pods.render("kube-controller-manager"));
        assertTrue(kcm.getCommand().containsAll(List.of("--bind-address=0.0.0.0", "--allocate-node-cidrs=true",
                "--cluster-cidr=10.244.0.0/16", "--service-cluster-ip-range=10.96.0.0/12",
                "--cluster-signing-duration=48h")));
        assertEquals(1, kcm.getCommand().stream().filter(f -> f.startsWith("--bind-address")).count());
        assertNull(kcm.getLivenessProbe().getHttpGet().getHost(), "wildcard bind address leaves the probe host empty");
        assertEquals(kcm.getCommand().subList(1, kcm.getCommand().size()).stream().sorted().toList(),
                kcm.getCommand().subList(1, kcm.getCommand().size()));
    }

    @Test
    void caTrustDirectoriesComeFromTheNode(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) throws Exception {
        java.nio.file.Files.createDirectories(root.resolve("usr/share/ca-certificates"));
        try (dev.bootstrap.host.LocalHost host = new dev.bootstrap.host.LocalHost("node", root)) {
            ControlPlaneFacts facts = ControlPlaneFacts.of(host, Map.of("NO_PROXY", "localhost", "HOME", "/root"), false);
            assertEquals(Map.of("NO_PROXY", "localhost"), facts.proxyEnv());
            Pod api = pod(new StaticPods(RENDERER, config("v1.34.1", ""), facts).render("kube-apiserver"));
            assertEquals(List.of("ca-certs", "k8s-certs", "usr-share-ca-certificates"),
                    api.getSpec().getVolumes().stream().map(Volume::getName).toList());
        }
    }

    @Test
    void externalCaLeavesSigningFlagsEmptyAndIpv6UsesLoopbackBrackets() {
        KubeadmConfig config = KubeadmConfigReader.readInit("c.yaml", "", InitFlags.NONE).forNode("cp1", "fd00::11");
        StaticPods pods = new StaticPods(RENDERER, config, new ControlPlaneFacts(p -> false, Map.of(), true));
        Container kcm = container(pods.render("kube-controller-manager"));
        assertTrue(kcm.getCommand().containsAll(List.of("--cluster-signing-cert-file=", "--cluster-signing-key-file=")));
        Container api = container(pods.render("kube-apiserver"));
        assertTrue(api.getCommand().contains("--etcd-servers=https://[::1]:2379"));
        Container etcd = container(pods.etcd());
        assertTrue(etcd.getCommand().contains("--listen-client-urls=https://[::1]:2379,https://[fd00::11]:2379"));
        assertEquals("::1", etcd.getLivenessProbe().getHttpGet().getHost());
    }

    @Test
    void aMirrorWithAPortAndDisabledAddons() {
        Images mirror = new Images(config("v1.34.1", "imageRepository: mirror.example:5000/k8s\n").cluster());
        assertEquals(List.of("mirror.example:5000/k8s/kube-apiserver:v1.34.1",
                "mirror.example:5000/k8s/kube-controller-manager:v1.34.1", "mirror.example:5000/k8s/kube-scheduler:v1.34.1",
                "mirror.example:5000/k8s/kube-proxy:v1.34.1", "mirror.example:5000/k8s/coredns:v1.12.1",
                "mirror.example:5000/k8s/pause:3.10.1", "mirror.example:5000/k8s/etcd:3.6.4-0"), mirror.all());
        Images disabled = new Images(config("v1.31.4", "dns:\n  disabled: true\nproxy:\n  disabled: true\n").cluster());
        assertEquals(List.of("registry.k8s.io/kube-apiserver:v1.31.4", "registry.k8s.io/kube-controller-manager:v1.31.4",
                "registry.k8s.io/kube-scheduler:v1.31.4", "registry.k8s.io/pause:3.10", "registry.k8s.io/etcd:3.5.15-0"),
                disabled.all());
    }

    /** docs/kubeadm-compat.md per version: Kubernetes tag, CoreDNS tag, pause tag, etcd tag. */
    @ParameterizedTest
    @CsvSource({
            "v1.31.4, v1.11.3, 3.10, 3.5.15-0",
            "v1.32.0, v1.11.3, 3.10, 3.5.16-0",
            "v1.33.2, v1.12.0, 3.10, 3.5.21-0",
            "v1.34.1, v1.12.1, 3.10.1, 3.6.4-0",
            "v1.35.0, v1.13.1, 3.10.1, 3.6.6-0",
            "v1.35.9, v1.13.1, 3.10.1, 3.6.6-0",
            "v1.36.0, v1.14.2, 3.10.2, 3.6.8-0",
            "v1.37.0, v1.14.6, 3.10.2, 3.7.0-0",
            "v1.37.1, v1.14.6, 3.10.2, 3.7.0-0"})
    void imagesPerVersionWithTheDefaultRepositoryAndAMirror(String version, String coreDns, String pause, String etcd) {
        assertEquals(List.of("registry.k8s.io/kube-apiserver:" + version,
                "registry.k8s.io/kube-controller-manager:" + version, "registry.k8s.io/kube-scheduler:" + version,
                "registry.k8s.io/kube-proxy:" + version, "registry.k8s.io/coredns/coredns:" + coreDns,
                "registry.k8s.io/pause:" + pause, "registry.k8s.io/etcd:" + etcd),
                new Images(config(version, "").cluster()).all());
        assertEquals(List.of("mirror.example/k8s/kube-apiserver:" + version,
                "mirror.example/k8s/kube-controller-manager:" + version, "mirror.example/k8s/kube-scheduler:" + version,
                "mirror.example/k8s/kube-proxy:" + version, "mirror.example/k8s/coredns:" + coreDns,
                "mirror.example/k8s/pause:" + pause, "mirror.example/k8s/etcd:" + etcd),
                new Images(config(version, "imageRepository: mirror.example/k8s\n").cluster()).all());
    }

    @Test
    void dnsAndEtcdImageOverridesReachTheListAndTheManifest() {
        KubeadmConfig config = config("v1.33.2", """
                imageRepository: mirror.example/k8s
                dns:
                  imageRepository: dns.example/coredns-mirror
                  imageTag: v1.12.9
                etcd:
                  local:
                    imageRepository: etcd.example/etcd-mirror
                    imageTag: 3.5.99-0
                """);
        Images images = new Images(config.cluster());
        assertEquals("dns.example/coredns-mirror/coredns:v1.12.9", images.coreDns());
        assertEquals("etcd.example/etcd-mirror/etcd:3.5.99-0", images.etcd());
        assertEquals("mirror.example/k8s/kube-apiserver:v1.33.2", images.kubernetes("kube-apiserver"));
        assertEquals("etcd.example/etcd-mirror/etcd:3.5.99-0",
                container(new StaticPods(RENDERER, config, new ControlPlaneFacts(p -> false, Map.of(), false)).etcd())
                        .getImage());
        // dns.imageRepository equal to the default registry keeps the coredns/ sub-path, even under a mirror.
        Images defaultDns = new Images(config("v1.33.2", """
                imageRepository: mirror.example/k8s
                dns:
                  imageRepository: registry.k8s.io
                """).cluster());
        assertEquals("registry.k8s.io/coredns/coredns:v1.12.0", defaultDns.coreDns());
    }
}
