package dev.bootstrap.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.testing.Requirements;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check-expiration and renew on a generated PKI plus kubeconfig files with embedded client certs. */
class RenewAndExpirationTest {

    @TempDir
    Path rootfs;
    PkiFixture pki;

    @BeforeEach
    void generate() {
        pki = PkiFixture.generate(rootfs, PkiFixture.config(KeyAlgorithm.ECDSA_P256));
        writeKubeconfig("admin.conf", "kubernetes-admin", List.of(KubeadmCertificates.CLUSTER_ADMINS_GROUP));
    }

    /** A kubeconfig as kubeadm writes admin.conf, its client certificate issued through the CA API. */
    private void writeKubeconfig(String file, String cn, List<String> orgs) {
        CertificateAuthority ca = CertificateAuthority.load(pki.host, PkiFixture.LAYOUT, KubeadmCertificates.CA);
        IssuedCertificate issued = ca.issue(CertRequest.client(cn, orgs, pki.config.start(), Duration.ofHours(8760)),
                KeyAlgorithm.ECDSA_P256);
        Base64.Encoder b64 = Base64.getEncoder();
        String yaml = "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: "
                + b64.encodeToString(Pem.encodeCertificate(ca.certificate())) + "\n    server: https://10.211.0.10:6443\n"
                + "  name: kubernetes\ncontexts:\n- context:\n    cluster: kubernetes\n    user: " + cn + "\n"
                + "  name: " + cn + "@kubernetes\ncurrent-context: " + cn + "@kubernetes\nkind: Config\n"
                + "preferences: {}\nusers:\n- name: " + cn + "\n  user:\n"
                + "    client-certificate-data: " + b64.encodeToString(issued.certificatePem()) + "\n"
                + "    client-key-data: " + b64.encodeToString(issued.keyPem()) + "\n";
        pki.host.writeFile("/etc/kubernetes/" + file, yaml.getBytes(StandardCharsets.UTF_8), PkiFile.KEY_MODE);
    }

    private ExpirationReport report() {
        return ExpirationReport.check(pki.host, PkiFixture.CERT_DIR, "/etc/kubernetes", false, Instant.now());
    }

    @Test
    void reportListsManagedCertificatesSortedWithMissingKubeconfigs() {
        ExpirationReport r = report();
        assertEquals(List.of("admin.conf", "apiserver", "apiserver-etcd-client", "apiserver-kubelet-client",
                "controller-manager.conf", "etcd-healthcheck-client", "etcd-peer", "etcd-server", "front-proxy-client",
                "scheduler.conf"), r.certificates().stream().map(ExpirationReport.Entry::name).toList());
        Map<String, ExpirationReport.Entry> byName = new HashMap<>();
        r.certificates().forEach(e -> byName.put(e.name(), e));
        assertTrue(byName.get("controller-manager.conf").missing());
        assertFalse(byName.get("admin.conf").missing());
        assertEquals(pki.config.start().plus(Duration.ofHours(8760)), byName.get("apiserver").expirationDate());
        assertEquals("front-proxy-ca", byName.get("front-proxy-client").caName());
        assertEquals("364d", ExpirationReport.shortDuration(byName.get("apiserver").residual()));
        assertEquals(List.of("ca", "etcd-ca", "front-proxy-ca"),
                r.authorities().stream().map(ExpirationReport.Entry::name).toList());
        assertEquals("9y", ExpirationReport.shortDuration(r.authorities().get(0).residual()));
        assertTrue(r.authorities().stream().noneMatch(ExpirationReport.Entry::externallyManaged));
    }

    @Test
    void superAdminIsListedWhenPresentAndExternalCaIsReported() throws Exception {
        writeKubeconfig("super-admin.conf", "kubernetes-super-admin", List.of("system:masters"));
        Files.delete(pki.pki("ca.key"));
        ExpirationReport r = report();
        assertTrue(r.certificates().stream().anyMatch(e -> e.name().equals("super-admin.conf") && !e.missing()));
        assertTrue(r.authorities().get(0).externallyManaged());
        assertTrue(r.certificates().stream().filter(e -> "ca".equals(e.caName()))
                .allMatch(ExpirationReport.Entry::externallyManaged));
    }

    @Test
    void renewChangesOnlyTheNamedCertificateAndKeepsItsIdentity() throws Exception {
        Requirements.requireTool("openssl");
        Map<String, PkiFixture.Snapshot> before = pki.snapshot();
        String oldText = Tool.ok(null, "openssl", "x509", "-noout", "-text", "-in", pki.pki("etcd/server.crt").toString());
        Thread.sleep(1100); // a later start than the generation's, so the new validity window is visibly new
        Instant later = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<CertRenewer.Outcome> out = renewer().renew("etcd-server", null, Duration.ofHours(8760), later, false);
        assertEquals(List.of(new CertRenewer.Outcome("etcd-server", CertRenewer.Action.RENEWED,
                "/etc/kubernetes/pki/etcd/server.crt")), out);

        Map<String, PkiFixture.Snapshot> after = pki.snapshot();
        for (String file : before.keySet()) {
            boolean renewed = file.equals("etc/kubernetes/pki/etcd/server.crt")
                    || file.equals("etc/kubernetes/pki/etcd/server.key");
            assertEquals(renewed, !before.get(file).equals(after.get(file)), file);
        }
        String newText = Tool.ok(null, "openssl", "x509", "-noout", "-text", "-in", pki.pki("etcd/server.crt").toString());
        for (String ext : List.of("X509v3 Subject Alternative Name", "X509v3 Extended Key Usage", "X509v3 Key Usage")) {
            assertEquals(OpensslCertFieldsTest.extension(oldText, ext)[0], OpensslCertFieldsTest.extension(newText, ext)[0]);
        }
        assertEquals(OpensslCertFieldsTest.field(oldText, "Subject"), OpensslCertFieldsTest.field(newText, "Subject"));
        assertTrue(Tool.run("openssl", "verify", "-CAfile", pki.pki("etcd/ca.crt").toString(),
                pki.pki("etcd/server.crt").toString()).ok());
        assertEquals(Tool.ok(null, "openssl", "x509", "-noout", "-pubkey", "-in", pki.pki("etcd/server.crt").toString()),
                Tool.ok(null, "openssl", "pkey", "-pubout", "-in", pki.pki("etcd/server.key").toString()));
        assertFalse(java.util.Arrays.equals(before.get("etc/kubernetes/pki/etcd/server.key").content(),
                after.get("etc/kubernetes/pki/etcd/server.key").content()), "a new key");
        X509Certificate renewed = Pem.decodeCertificate(Files.readAllBytes(pki.pki("etcd/server.crt")), "x");
        assertEquals(later.plus(Duration.ofHours(8760)), renewed.getNotAfter().toInstant());
        assertEquals(later.minus(CertRequest.BACKDATE), renewed.getNotBefore().toInstant());
        assertEquals("rw-------", OpensslCertFieldsTest.mode(pki.pki("etcd/server.key")));
        // The renewed PKI passes a re-run untouched.
        Map<String, PkiFixture.Snapshot> renewedState = pki.snapshot();
        pki.run(pki.config);
        assertEquals(renewedState, pki.snapshot());
    }

    @Test
    void renewReplacesAKubeconfigCertificateInPlace() throws Exception {
        Path admin = pki.file("/etc/kubernetes/admin.conf");
        List<String> oldLines = Files.readAllLines(admin);
        X509Certificate old = new KubeconfigClientCert(pki.host, "/etc/kubernetes/admin.conf").read().orElseThrow();
        Map<String, PkiFixture.Snapshot> before = pki.snapshot();
        renewer().renew("admin.conf", KeyAlgorithm.RSA_2048, Duration.ofHours(8760),
                Instant.now().truncatedTo(ChronoUnit.SECONDS), false);
        List<String> newLines = Files.readAllLines(admin);
        assertEquals(oldLines.size(), newLines.size());
        for (int i = 0; i < oldLines.size(); i++) {
            boolean data = oldLines.get(i).contains("client-certificate-data") || oldLines.get(i).contains("client-key-data");
            assertEquals(data, !oldLines.get(i).equals(newLines.get(i)), "line " + i + ": " + oldLines.get(i));
        }
        X509Certificate renewed = new KubeconfigClientCert(pki.host, "/etc/kubernetes/admin.conf").read().orElseThrow();
        assertEquals(Certificates.commonName(old), Certificates.commonName(renewed));
        assertEquals(List.of(KubeadmCertificates.CLUSTER_ADMINS_GROUP), Certificates.organizations(renewed));
        assertEquals(Certificates.extKeyUsages(old), Certificates.extKeyUsages(renewed));
        assertEquals("RSA", renewed.getPublicKey().getAlgorithm());
        assertTrue(CertificateAuthority.signedBy(renewed, CertificateAuthority.load(pki.host, PkiFixture.LAYOUT, KubeadmCertificates.CA).certificate()));
        assertEquals("rw-------", OpensslCertFieldsTest.mode(admin));
        Map<String, PkiFixture.Snapshot> after = pki.snapshot();
        before.keySet().forEach(f -> assertEquals(f.equals("etc/kubernetes/admin.conf"),
                !before.get(f).equals(after.get(f)), f));
    }

    @Test
    void kubectlReadsTheRenewedKubeconfigAndOpensslVerifiesItsCertificate() throws Exception {
        Requirements.requireTool("kubectl");
        Requirements.requireTool("openssl");
        renewer().renew("admin.conf", null, Duration.ofHours(8760), Instant.now().truncatedTo(ChronoUnit.SECONDS), false);
        String data = Tool.ok(null, "kubectl", "config", "view", "--raw", "--kubeconfig",
                pki.file("/etc/kubernetes/admin.conf").toString(), "-o", "jsonpath={.users[0].user.client-certificate-data}");
        Path cert = rootfs.resolve("admin.crt");
        Files.write(cert, Base64.getDecoder().decode(data.strip()));
        assertTrue(Tool.run("openssl", "verify", "-CAfile", pki.pki("ca.crt").toString(), cert.toString()).ok());
        assertTrue(Tool.ok(null, "openssl", "x509", "-noout", "-subject", "-in", cert.toString())
                .contains("O = kubeadm:cluster-admins, CN = kubernetes-admin"));
    }

    @Test
    void casAreNeverRenewedAndExternalCaLeavesAreSkipped() throws Exception {
        PkiException e = assertThrows(PkiException.class,
                () -> renewer().renew("front-proxy-ca", null, Duration.ofHours(1), Instant.now(), false));
        assertTrue(e.getMessage().contains("never renewed"), e.getMessage());
        assertThrows(PkiException.class, () -> renewer().renew("nope", null, Duration.ofHours(1), Instant.now(), false));

        Files.delete(pki.pki("ca.key"));
        List<CertRenewer.Outcome> out = renewer().renew("all", null, Duration.ofHours(8760),
                Instant.now().truncatedTo(ChronoUnit.SECONDS), false);
        Map<String, CertRenewer.Action> actions = new HashMap<>();
        out.forEach(o -> actions.put(o.name(), o.action()));
        assertEquals(CertRenewer.Action.SKIPPED_EXTERNAL_CA, actions.get("apiserver"));
        assertEquals(CertRenewer.Action.SKIPPED_EXTERNAL_CA, actions.get("admin.conf"));
        assertEquals(CertRenewer.Action.MISSING, actions.get("scheduler.conf"));
        assertEquals(CertRenewer.Action.RENEWED, actions.get("front-proxy-client"));
        assertEquals(CertRenewer.Action.RENEWED, actions.get("etcd-peer"));
        assertFalse(actions.containsKey("super-admin.conf"), "absent optional file is not listed");
    }

    @Test
    void shortDurationIsGosShortHumanDuration() {
        assertEquals("<invalid>", ExpirationReport.shortDuration(Duration.ofSeconds(-5)));
        assertEquals("0s", ExpirationReport.shortDuration(Duration.ofMillis(-500)));
        assertEquals("59s", ExpirationReport.shortDuration(Duration.ofSeconds(59)));
        assertEquals("59m", ExpirationReport.shortDuration(Duration.ofMinutes(59).plusSeconds(59)));
        assertEquals("23h", ExpirationReport.shortDuration(Duration.ofHours(23)));
        assertEquals("364d", ExpirationReport.shortDuration(Duration.ofDays(365).minusSeconds(1)));
        assertEquals("1y", ExpirationReport.shortDuration(Duration.ofDays(365)));
        assertEquals("9y", ExpirationReport.shortDuration(Duration.ofDays(3650).minusMinutes(10)));
    }

    private CertRenewer renewer() {
        return new CertRenewer(pki.host, PkiFixture.CERT_DIR, "/etc/kubernetes");
    }
}
