package dev.bootstrap.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second run reuses what is valid untouched and refuses, naming the file, what does not fit. */
class RerunTest {

    @TempDir
    Path rootfs;
    @TempDir
    Path otherRootfs;

    private PkiFixture fresh() {
        return PkiFixture.generate(rootfs, PkiFixture.config(KeyAlgorithm.ECDSA_P256));
    }

    @Test
    void rerunLeavesEveryByteAndMtime() throws Exception {
        PkiFixture pki = fresh();
        Map<String, PkiFixture.Snapshot> before = pki.snapshot();
        assertEquals(22, before.size(), before.keySet().toString());
        Thread.sleep(20); // a rewrite would show a newer mtime
        List<PkiGenerator.Outcome> outcomes = pki.run(pki.config);
        assertTrue(outcomes.stream().allMatch(o -> o.action() == PkiGenerator.Action.REUSED), outcomes.toString());
        assertEquals(before, pki.snapshot());
    }

    @Test
    void singleNameMakesOnlyThatEntryAndNeedsItsCa() throws Exception {
        PkiFixture pki = new PkiFixture(rootfs, PkiFixture.config(KeyAlgorithm.ECDSA_P256));
        PkiException noCa = assertThrows(PkiException.class,
                () -> new PkiGenerator(pki.host).generate(pki.config, List.of(KubeadmCertificates.byName("apiserver"))));
        assertTrue(noCa.getMessage().contains("/etc/kubernetes/pki/ca.crt") && noCa.getMessage().contains("certs ca"),
                noCa.getMessage());
        new PkiGenerator(pki.host).generate(pki.config, List.of(KubeadmCertificates.byName("ca")));
        new PkiGenerator(pki.host).generate(pki.config, List.of(KubeadmCertificates.byName("apiserver")));
        assertEquals(List.of("etc/kubernetes/pki/apiserver.crt", "etc/kubernetes/pki/apiserver.key",
                "etc/kubernetes/pki/ca.crt", "etc/kubernetes/pki/ca.key"), List.copyOf(pki.snapshot().keySet()));
    }

    @Test
    void leafOfAnotherCaIsAnErrorNamingItAndNothingChanges() throws Exception {
        PkiFixture pki = fresh();
        PkiFixture other = PkiFixture.generate(otherRootfs, PkiFixture.config(KeyAlgorithm.ECDSA_P256));
        Files.copy(other.pki("apiserver.crt"), pki.pki("apiserver.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(other.pki("apiserver.key"), pki.pki("apiserver.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Map<String, PkiFixture.Snapshot> before = pki.snapshot();
        PkiException e = assertThrows(PkiException.class, () -> pki.run(pki.config));
        assertTrue(e.getMessage().startsWith("[testnode] /etc/kubernetes/pki/apiserver.crt: not signed by the CA"),
                e.getMessage());
        assertEquals(before, pki.snapshot());
    }

    @Test
    void leafLackingARequiredSanIsAnErrorNamingItAndTheSan() {
        PkiFixture pki = fresh();
        Map<String, PkiFixture.Snapshot> before = pki.snapshot();
        PkiConfig more = pki.config.toBuilder().apiServerCertSans(List.of("new.example.test", "10.211.0.77")).build();
        PkiException e = assertThrows(PkiException.class, () -> pki.run(more));
        assertTrue(e.getMessage().contains("/etc/kubernetes/pki/apiserver.crt: lacks required SAN(s) "
                + "DNS:new.example.test, IP:10.211.0.77"), e.getMessage());
        assertEquals(before, pki.snapshot());
    }

    @Test
    void corruptExistingPemIsAnErrorNamingTheFile() throws Exception {
        PkiFixture pki = fresh();
        Files.writeString(pki.pki("etcd/peer.crt"), "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n");
        Map<String, PkiFixture.Snapshot> before = pki.snapshot();
        PkiException e = assertThrows(PkiException.class, () -> pki.run(pki.config));
        assertTrue(e.getMessage().startsWith("[testnode] /etc/kubernetes/pki/etcd/peer.crt: "), e.getMessage());
        assertEquals(before, pki.snapshot());
    }

    @Test
    void corruptCaOnAFreshDirWritesNothing() throws Exception {
        PkiFixture pki = new PkiFixture(rootfs, PkiFixture.config(KeyAlgorithm.ECDSA_P256));
        Files.createDirectories(pki.pki(""));
        Files.writeString(pki.pki("ca.crt"), "garbage");
        Files.writeString(pki.pki("ca.key"), "garbage");
        PkiException e = assertThrows(PkiException.class, () -> pki.run(pki.config));
        assertTrue(e.getMessage().startsWith("[testnode] /etc/kubernetes/pki/ca.crt: "), e.getMessage());
        assertEquals(List.of("etc/kubernetes/pki/ca.crt", "etc/kubernetes/pki/ca.key"),
                List.copyOf(pki.snapshot().keySet()));
    }

    @Test
    void halfAPairIsAnErrorNamingTheMissingFile() throws Exception {
        PkiFixture pki = fresh();
        Files.delete(pki.pki("front-proxy-client.key"));
        PkiException e = assertThrows(PkiException.class, () -> pki.run(pki.config));
        assertTrue(e.getMessage().startsWith("[testnode] /etc/kubernetes/pki/front-proxy-client.key: missing"),
                e.getMessage());
    }

    @Test
    void externalCaModeUsesLeavesThatVerifyAndRequiresAllOfThem() throws Exception {
        PkiFixture pki = fresh();
        Files.delete(pki.pki("ca.key"));
        Map<String, PkiFixture.Snapshot> before = pki.snapshot();
        List<PkiGenerator.Outcome> outcomes = pki.run(pki.config);
        assertEquals(PkiGenerator.Action.EXTERNAL_CA, outcomes.get(0).action());
        assertEquals(before, pki.snapshot());

        Files.delete(pki.pki("apiserver-kubelet-client.crt"));
        Files.delete(pki.pki("apiserver-kubelet-client.key"));
        Map<String, PkiFixture.Snapshot> without = pki.snapshot();
        PkiException e = assertThrows(PkiException.class, () -> pki.run(pki.config));
        assertTrue(e.getMessage().startsWith("[testnode] /etc/kubernetes/pki/apiserver-kubelet-client.crt: missing; "
                + "in external CA mode"), e.getMessage());
        assertEquals(without, pki.snapshot());
    }

    @Test
    void etcdCaCannotBeExternal() throws Exception {
        PkiFixture pki = fresh();
        Files.delete(pki.pki("etcd/ca.key"));
        PkiException e = assertThrows(PkiException.class, () -> pki.run(pki.config));
        assertTrue(e.getMessage().startsWith("[testnode] /etc/kubernetes/pki/etcd/ca.key: missing; the etcd CA cannot "
                + "be external"), e.getMessage());
    }

    @Test
    void missingSaPubIsWrittenFromTheExistingKey() throws Exception {
        PkiFixture pki = fresh();
        String pub = Files.readString(pki.pki("sa.pub"));
        Files.delete(pki.pki("sa.pub"));
        pki.run(pki.config);
        assertEquals(pub, Files.readString(pki.pki("sa.pub")));
        assertEquals("rw-------", OpensslCertFieldsTest.mode(pki.pki("sa.pub")));
    }

    @Test
    void externalEtcdMakesNoEtcdFiles() {
        PkiFixture pki = PkiFixture.generate(rootfs, PkiFixture.config(KeyAlgorithm.ECDSA_P256).toBuilder().externalEtcd(true).build());
        assertTrue(pki.snapshot().keySet().stream().noneMatch(k -> k.contains("etcd")), pki.snapshot().keySet().toString());
        assertEquals(12, pki.snapshot().size());
    }
}
