package dev.bootstrap.preflight;

import static dev.bootstrap.preflight.Fixtures.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfigReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The control-plane checks follow the configuration as kubeadm's do: the API server's bind port,
 * stacked etcd (its data directory) or external etcd (its version and client files), and the service
 * and pod CIDRs. Judged on the recorded ready Ubuntu node, with the facts the script reports for them.
 */
class ClusterSetupChecksTest {

    private static final String EXTERNAL_ETCD = """
            etcd:
              external:
                endpoints: [https://10.0.0.11:2379, https://10.0.0.12:2379/]
                caFile: /etc/etcd/ca.crt
                certFile: /etc/etcd/client.crt
                keyFile: /etc/etcd/client.key
            """;

    /** The setup of a ClusterConfiguration/InitConfiguration read from YAML (the documents' bodies). */
    private static ClusterSetup setup(String init, String cluster) {
        String yaml = "apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n" + init
                + "---\napiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n" + cluster;
        return ClusterSetup.of(KubeadmConfigReader.readInit("test.yaml", yaml, InitFlags.NONE));
    }

    private static List<CheckResult> judge(String facts, PreflightRole role, ClusterSetup setup) {
        return judge(facts, role, Fixtures.withCluster(Fixtures.RECORDED, setup));
    }

    private static List<CheckResult> judge(String facts, PreflightRole role, PreflightOptions options) {
        return CheckCatalog.judge(FactsParser.parse("cp1", facts, Instant.EPOCH), role, options);
    }

    private static String ready(String from, String to) {
        String text = Fixtures.text("ubuntu-22.04-ready");
        assertTrue(text.contains(from), from);
        return text.replace(from, to);
    }

    /** The ready node as the script reports it with the external etcd configured: files and answers. */
    private static String externalEtcdFacts(String files, String answers) {
        return ready("### files\n", "### files\n" + files).replace("### etcd-dir\nabsent /var/lib/etcd\n",
                "### etcd-dir\n\n### etcd-version\n" + answers);
    }

    private static List<String> names(List<CheckResult> results) {
        return Fixtures.names(results);
    }

    @Test
    void externalEtcdDropsTheStackedMembersChecksAndAddsItsVersionAndClientFiles() {
        ClusterSetup external = setup("", EXTERNAL_ETCD);
        String answers = "0\thttps://10.0.0.11:2379\t{\"etcdserver\":\"3.5.16\",\"etcdcluster\":\"3.5.0\"}\n"
                + "0\thttps://10.0.0.12:2379/\t{\"etcdserver\":\"3.5.11\",\"etcdcluster\":\"3.5.0\"}\n";
        String facts = externalEtcdFacts("/etc/etcd/ca.crt\n/etc/etcd/client.crt\n/etc/etcd/client.key\n", answers);
        List<CheckResult> cp = judge(facts, PreflightRole.CONTROL_PLANE, external);
        List<String> names = names(cp);
        assertFalse(names.contains("Port-2379") || names.contains("Port-2380") || names.contains("DirAvailable--var-lib-etcd"),
                names.toString());
        int at = names.indexOf("ExternalEtcdVersion");
        assertEquals(List.of("ExternalEtcdVersion", "ExternalEtcdVersion", "ExternalEtcdClientCertificates",
                "ExternalEtcdClientCertificates", "ExternalEtcdClientCertificates", "InitSystem"), names.subList(at, at + 6),
                "kubeadm's order: one version check per endpoint, one file check per client file, then ours");
        List<CheckResult> etcd = cp.subList(at, at + 5);
        assertTrue(etcd.stream().allMatch(CheckResult::passed), etcd.toString());
        assertEquals("https://10.0.0.11:2379 runs etcd 3.5.16", etcd.get(0).message());
        assertEquals("/etc/etcd/client.key exists", etcd.get(4).message());

        // A joining control plane checks neither: the version ran at init, the files come from kubeadm-certs.
        List<String> join = names(judge(facts, PreflightRole.CONTROL_PLANE_JOIN, external));
        assertFalse(join.contains("ExternalEtcdVersion") || join.contains("ExternalEtcdClientCertificates")
                || join.contains("Port-2379") || join.contains("DirAvailable--var-lib-etcd"), join.toString());
        assertTrue(join.contains("Port-6443"));
    }

    @Test
    void anOldUnreachableOrUnaskableExternalEtcdAndAMissingClientFileAreErrors() {
        ClusterSetup external = setup("", EXTERNAL_ETCD);
        String answers = "0\thttps://10.0.0.11:2379\t{\"etcdserver\":\"3.4.23\",\"etcdcluster\":\"3.4.0\"}\n"
                + "7\thttps://10.0.0.12:2379/\tcurl: (7) Failed to connect to 10.0.0.12 port 2379 after 0 ms: "
                + "Couldn't connect to server\n";
        List<CheckResult> cp = judge(externalEtcdFacts("/etc/etcd/ca.crt\n/etc/etcd/client.crt\n", answers),
                PreflightRole.CONTROL_PLANE, external);
        List<CheckResult> fatal = cp.stream().filter(CheckResult::fatal).toList();
        assertEquals(List.of("this version of kubeadm only supports external etcd version >= 3.5.11-0. Current version: 3.4.23",
                "Get \"https://10.0.0.12:2379/version\": curl: (7) Failed to connect to 10.0.0.12 port 2379 after 0 ms: "
                        + "Couldn't connect to server",
                "/etc/etcd/client.key doesn't exist"),
                fatal.stream().filter(r -> r.name().startsWith("ExternalEtcd")).map(CheckResult::message).toList());
        assertEquals("upgrade the etcd cluster at https://10.0.0.11:2379 to 3.5.11 or newer", fatal.get(0).fix());
        assertTrue(fatal.get(2).fix().contains("/etc/etcd/client.key"), fatal.get(2).fix());

        String noCurl = "nocurl\thttps://10.0.0.11:2379\t\nnocurl\thttps://10.0.0.12:2379/\t\n";
        CheckResult unaskable = result(judge(externalEtcdFacts("", noCurl), PreflightRole.CONTROL_PLANE, external),
                "ExternalEtcdVersion");
        assertEquals("cannot ask https://10.0.0.11:2379/version for the etcd version: curl is not on the node",
                unaskable.message());
        assertEquals("apt-get install -y curl", unaskable.fix());
        assertEquals(List.of("ExternalEtcdVersion", "ExternalEtcdVersion", "ExternalEtcdClientCertificates",
                "ExternalEtcdClientCertificates", "ExternalEtcdClientCertificates"),
                judge(externalEtcdFacts("", noCurl), PreflightRole.CONTROL_PLANE, external).stream().filter(CheckResult::fatal)
                        .map(CheckResult::name).filter(n -> n.startsWith("External")).toList());
    }

    /**
     * kubeadm's MinExternalEtcdVersion is the target minor's (docs/kubeadm-compat.md#preflight): 3.5.11-0 up to
     * 1.34, 3.5.24-0 from 1.35. Endpoint one runs 3.5.21, endpoint two the 1.35 minimum itself.
     */
    @ParameterizedTest
    @CsvSource({"v1.34.4, true", "v1.35.0, false", "v1.37.1, false"})
    void theOldestExternalEtcdIsTheTargetMinorsMinimum(String target, boolean etcd3521Passes) {
        String answers = "0\thttps://10.0.0.11:2379\t{\"etcdserver\":\"3.5.21\",\"etcdcluster\":\"3.5.0\"}\n"
                + "0\thttps://10.0.0.12:2379/\t{\"etcdserver\":\"3.5.24\",\"etcdcluster\":\"3.5.0\"}\n";
        List<CheckResult> versions = judge(externalEtcdFacts("", answers), PreflightRole.CONTROL_PLANE,
                Fixtures.withCluster(Fixtures.target(target), setup("", EXTERNAL_ETCD))).stream()
                .filter(r -> r.name().equals("ExternalEtcdVersion")).toList();
        assertEquals(2, versions.size(), versions.toString());
        assertEquals(etcd3521Passes, versions.get(0).passed(), versions.get(0).toString());
        if (!etcd3521Passes) {
            assertEquals("this version of kubeadm only supports external etcd version >= 3.5.24-0. Current version: "
                    + "3.5.21", versions.get(0).message());
            assertEquals("upgrade the etcd cluster at https://10.0.0.11:2379 to 3.5.24 or newer", versions.get(0).fix());
        }
        assertTrue(versions.get(1).passed(), "3.5.24 is new enough for every release: " + versions.get(1));
    }

    @Test
    void aCustomDataDirIsNamedAndCheckedAsKubeadmDoes() {
        ClusterSetup custom = setup("", "etcd:\n  local:\n    dataDir: /data/etcd-main\n");
        String nonEmpty = ready("### etcd-dir\nabsent /var/lib/etcd", "### etcd-dir\nnonempty /data/etcd-main");
        List<CheckResult> cp = judge(nonEmpty, PreflightRole.CONTROL_PLANE, custom);
        assertFalse(names(cp).contains("DirAvailable--var-lib-etcd"));
        CheckResult dir = result(cp, "DirAvailable--data-etcd-main");
        assertTrue(dir.fatal());
        assertEquals("/data/etcd-main is not empty", dir.message());
        assertTrue(result(judge(nonEmpty, PreflightRole.CONTROL_PLANE_JOIN, custom), "DirAvailable--data-etcd-main").fatal());
        // Facts gathered for another directory cannot answer for this one.
        IllegalStateException wrong = assertThrows(IllegalStateException.class,
                () -> judge(Fixtures.text("ubuntu-22.04-ready"), PreflightRole.CONTROL_PLANE, custom));
        assertTrue(wrong.getMessage().contains("'/var/lib/etcd', not /data/etcd-main"), wrong.getMessage());
    }

    @Test
    void theApiServerPortIsTheBindPort() {
        ClusterSetup port8443 = setup("localAPIEndpoint:\n  bindPort: 8443\n", "");
        // 0x20FB = 8443 listening on 0.0.0.0
        String taken = ready("### tcp-listen\n", "### tcp-listen\n   9: 00000000:20FB 00000000:0000 0A 00000000:00000000 "
                + "00:00000000 00000000     0        0 31012 1 0000000000000000 100 0 0 10 0\n");
        List<CheckResult> cp = judge(taken, PreflightRole.CONTROL_PLANE, port8443);
        assertFalse(names(cp).contains("Port-6443"));
        assertEquals("Port 8443 is in use", result(cp, "Port-8443").message());
        assertTrue(result(cp, "Port-8443").fatal());
        String firewalld = ready("### firewalld\ninactive", "### firewalld\nactive");
        assertEquals("firewalld is active, please ensure ports [8443 10250] are open or your cluster may not function "
                + "correctly", result(judge(firewalld, PreflightRole.CONTROL_PLANE, port8443), "Firewalld").message());
        assertTrue(names(judge(taken, PreflightRole.CONTROL_PLANE_JOIN, port8443)).contains("Port-8443"));
    }

    @Test
    void httpProxyCidrChecksTheConfiguredServiceAndPodSubnets() {
        ClusterSetup subnets = setup("", "networking:\n  serviceSubnet: 10.100.0.0/16\n  podSubnet: 192.168.128.0/17\n");
        String proxied = ready("### proxy-env\n", "### proxy-env\nHTTPS_PROXY=http://proxy.corp:3128\n"
                + "NO_PROXY=192.168.56.0/24,10.100.0.0/16\n");
        List<CheckResult> cidrs = judge(proxied, PreflightRole.CONTROL_PLANE, subnets).stream()
                .filter(r -> r.name().equals("HTTPProxyCIDR")).toList();
        assertEquals(2, cidrs.size(), "service subnet, then pod subnet");
        assertTrue(cidrs.get(0).passed(), "NO_PROXY covers the service subnet");
        assertEquals("no proxy for 10.100.0.0/16", cidrs.get(0).message());
        assertTrue(cidrs.get(1).warning());
        assertTrue(cidrs.get(1).message().startsWith("connection to \"192.168.128.0/17\" uses proxy \"http://proxy.corp:3128\""),
                cidrs.get(1).message());
        assertEquals("add 192.168.128.0/17 to NO_PROXY and no_proxy", cidrs.get(1).fix());
        // No podSubnet: only the service subnet is checked.
        assertEquals(1, judge(proxied, PreflightRole.CONTROL_PLANE, setup("", "networking:\n  serviceSubnet: 10.100.0.0/16\n"))
                .stream().filter(r -> r.name().equals("HTTPProxyCIDR")).count());
    }

    @Test
    void anIpv6SubnetBringsTheIpv6ForwardingCheck() {
        String v6 = "FileContent--proc-sys-net-ipv6-conf-default-forwarding";
        String facts = Fixtures.text("ubuntu-22.04-ready");
        assertFalse(names(judge(facts, PreflightRole.CONTROL_PLANE, ClusterSetup.defaults())).contains(v6), "IPv4 only");
        ClusterSetup dual = setup("", "networking:\n  serviceSubnet: 10.96.0.0/16,fd00:10:96::/112\n");
        List<CheckResult> cp = judge(facts, PreflightRole.CONTROL_PLANE, dual);
        assertTrue(result(cp, v6).fatal(), "the recorded node has IPv6 forwarding off");
        assertEquals(2, cp.stream().filter(r -> r.name().equals("HTTPProxyCIDR")).count());
    }
}
