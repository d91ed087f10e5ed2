package dev.bootstrap.pki;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input is an error naming the flag/field or file, and leaves no file behind. */
class BadInputTest {

    @TempDir
    Path rootfs;

    private void assertFailsNaming(UnaryOperator<PkiConfig> change, String expected) throws Exception {
        PkiFixture pki = new PkiFixture(rootfs, change.apply(PkiFixture.config(KeyAlgorithm.ECDSA_P256)));
        PkiException e = assertThrows(PkiException.class, () -> pki.run(pki.config));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        try (var files = Files.walk(rootfs)) {
            assertEquals(List.of(rootfs), files.toList(), "nothing written");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.96.0.0/33      | networking.serviceSubnet (--service-cidr): \"10.96.0.0/33\" is not a valid CIDR",
        "10.96.0.0         | networking.serviceSubnet (--service-cidr): \"10.96.0.0\" is not a valid CIDR",
        "10.96.0.0/12,nope | networking.serviceSubnet (--service-cidr): \"nope\" is not a valid CIDR",
        "300.96.0.0/12     | networking.serviceSubnet (--service-cidr): \"300.96.0.0/12\"",
    })
    void invalidServiceCidr(String cidr, String expected) throws Exception {
        assertFailsNaming(c -> c.toBuilder().serviceSubnet(cidr).build(), expected);
    }

    @Test
    void invalidAdvertiseAddress() throws Exception {
        assertFailsNaming(c -> PkiConfig.builder(c.nodeName(), "10.0.0.300").build(),
                "localAPIEndpoint.advertiseAddress (--apiserver-advertise-address): \"10.0.0.300\" is not a valid IP");
    }

    @Test
    void sanWithSpaces() throws Exception {
        assertFailsNaming(c -> c.toBuilder().apiServerCertSans(List.of("good.example.test", "bad name")).build(),
                "apiServer.certSANs (--apiserver-cert-extra-sans): \"bad name\" is neither an IP address nor a valid DNS");
    }

    @Test
    void etcdSanWithUpperCase() throws Exception {
        assertFailsNaming(c -> c.toBuilder().etcdServerCertSans(List.of("Etcd.Example")).build(),
                "etcd.local.serverCertSANs: \"Etcd.Example\"");
    }

    @ParameterizedTest
    @CsvSource({"api example:6443", "api.example.test:99999", "[fd00::1"})
    void invalidControlPlaneEndpoint(String endpoint) throws Exception {
        assertFailsNaming(c -> c.toBuilder().controlPlaneEndpoint(endpoint).build(),
                "controlPlaneEndpoint (--control-plane-endpoint): \"" + endpoint + "\"");
    }

    @Test
    void invalidNodeNameAndDomain() throws Exception {
        assertFailsNaming(c -> PkiConfig.builder("Node_1", c.advertiseAddress()).build(),
                "nodeRegistration.name (--node-name): \"Node_1\"");
        assertFailsNaming(c -> c.toBuilder().dnsDomain("cluster local").build(),
                "networking.dnsDomain (--service-dns-domain)");
    }

    @Test
    void aFileBlockingTheCertDirIsAnErrorAndNothingIsWritten() throws Exception {
        // We run as root, where permissions do not block writes: a file in the way does.
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/kubernetes"), "a file where a directory belongs");
        PkiFixture pki = new PkiFixture(rootfs, PkiFixture.config(KeyAlgorithm.ECDSA_P256));
        PkiException e = assertThrows(PkiException.class, () -> pki.run(pki.config));
        assertTrue(e.getMessage().contains("cannot create certificate directory /etc/kubernetes/pki")
                && e.getMessage().contains("/etc/kubernetes is a file in the way"), e.getMessage());
        assertEquals(List.of("etc/kubernetes"), List.copyOf(pki.snapshot().keySet()));
    }

    @Test
    void aFileBlockingTheEtcdDirLeavesNoCaBehind() throws Exception {
        Files.createDirectories(rootfs.resolve("etc/kubernetes/pki"));
        Files.writeString(rootfs.resolve("etc/kubernetes/pki/etcd"), "blocks etcd/");
        PkiFixture pki = new PkiFixture(rootfs, PkiFixture.config(KeyAlgorithm.ECDSA_P256));
        PkiException e = assertThrows(PkiException.class, () -> pki.run(pki.config));
        assertTrue(e.getMessage().contains("/etc/kubernetes/pki/etcd"), e.getMessage());
        assertEquals(List.of("etc/kubernetes/pki/etcd"), List.copyOf(pki.snapshot().keySet()));
    }

    @Test
    void aFailedWriteMidwayRemovesWhatThisRunWrote() throws Exception {
        // The host fails the write of etcd/server.crt (as a full disk would): every earlier file was
        // written by then, and all of them must be gone again.
        dev.bootstrap.host.LocalHost local = new dev.bootstrap.host.LocalHost("testnode", rootfs);
        dev.bootstrap.host.Host failing = (dev.bootstrap.host.Host) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {dev.bootstrap.host.Host.class}, (proxy, method, args) -> {
                    if (method.getName().equals("writeFile") && String.valueOf(args[0]).endsWith("etcd/server.crt")) {
                        throw new dev.bootstrap.host.HostException("testnode", "cannot write " + args[0] + ": No space left");
                    }
                    try {
                        return method.invoke(local, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        PkiConfig config = PkiFixture.config(KeyAlgorithm.ECDSA_P256);
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> new PkiGenerator(failing).generate(config, KubeadmCertificates.forConfig(config)));
        assertTrue(e.getMessage().contains("etcd/server.crt: No space left"), e.getMessage());
        assertEquals(List.of(), List.copyOf(new PkiFixture(rootfs, config).snapshot().keySet()));
    }
}
