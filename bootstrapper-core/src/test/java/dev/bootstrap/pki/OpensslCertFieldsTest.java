package dev.bootstrap.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.testing.Requirements;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every generated certificate, read back by the real openssl, against kubeadm's table
 * (docs/kubeadm-compat.md#certificates).
 */
class OpensslCertFieldsTest {

    private static final String CLIENT = "TLS Web Client Authentication";
    private static final String SERVER = "TLS Web Server Authentication";
    private static final DateTimeFormatter OPENSSL_DATE =
            DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    /**
     * Expected fields (docs/kubeadm-compat.md#certificates) for PkiFixture.config(): subject, issuer, EKU, SAN, CA
     * file.
     */
    record Expected(String file, String subject, String issuer, String eku, String san, String caFile) {
        boolean isCa() {
            return caFile == null;
        }

        @Override
        public String toString() {
            return file;
        }
    }

    static List<Expected> expected() {
        String etcdIps = "IP Address:10.211.0.10, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1";
        return List.of(
                new Expected("ca", "CN = kubernetes", "CN = kubernetes", null, "DNS:kubernetes", null),
                new Expected("apiserver", "CN = kube-apiserver", "CN = kubernetes", SERVER,
                        "DNS:api.example.test, DNS:extra.example.test, DNS:kubernetes, DNS:kubernetes.default, "
                                + "DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.cluster.local, DNS:node-1, "
                                + "IP Address:10.96.0.1, IP Address:10.211.0.10, IP Address:10.211.0.99", "ca"),
                new Expected("apiserver-kubelet-client", "O = kubeadm:cluster-admins, CN = kube-apiserver-kubelet-client",
                        "CN = kubernetes", CLIENT, null, "ca"),
                new Expected("front-proxy-ca", "CN = front-proxy-ca", "CN = front-proxy-ca", null, "DNS:front-proxy-ca",
                        null),
                new Expected("front-proxy-client", "CN = front-proxy-client", "CN = front-proxy-ca", CLIENT, null,
                        "front-proxy-ca"),
                new Expected("etcd/ca", "CN = etcd-ca", "CN = etcd-ca", null, "DNS:etcd-ca", null),
                new Expected("etcd/server", "CN = node-1", "CN = etcd-ca", SERVER + ", " + CLIENT,
                        "DNS:etcd.example.test, DNS:localhost, DNS:node-1, " + etcdIps, "etcd/ca"),
                new Expected("etcd/peer", "CN = node-1", "CN = etcd-ca", SERVER + ", " + CLIENT,
                        "DNS:localhost, DNS:node-1, " + etcdIps + ", IP Address:10.211.0.98", "etcd/ca"),
                new Expected("etcd/healthcheck-client", "CN = kube-etcd-healthcheck-client", "CN = etcd-ca", CLIENT, null,
                        "etcd/ca"),
                new Expected("apiserver-etcd-client", "CN = kube-apiserver-etcd-client", "CN = etcd-ca", CLIENT, null,
                        "etcd/ca"));
    }

    @TempDir
    static Path rootfs;
    static PkiFixture pki;

    @BeforeAll
    static void generate() {
        pki = PkiFixture.generate(rootfs, PkiFixture.config(KeyAlgorithm.RSA_2048));
    }

    private static String text(String base) {
        Requirements.requireTool("openssl");
        return Tool.ok(null, "openssl", "x509", "-noout", "-text", "-in", pki.pki(base + ".crt").toString());
    }

    /** The line after an extension's header, and whether the header says critical; null when absent. */
    static String[] extension(String text, String header) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size() - 1; i++) {
            if (lines.get(i).strip().startsWith(header + ":")) {
                return new String[] {lines.get(i + 1).strip(), String.valueOf(lines.get(i).contains("critical"))};
            }
        }
        return null;
    }

    static String field(String text, String label) {
        return text.lines().map(String::strip).filter(l -> l.startsWith(label + ": ")).findFirst()
                .map(l -> l.substring(label.length() + 2)).orElse(null);
    }

    @ParameterizedTest
    @MethodSource("expected")
    void opensslShowsKubeadmsFields(Expected e) throws Exception {
        String text = text(e.file());
        assertEquals(e.subject(), field(text, "Subject"), "subject");
        assertEquals(e.issuer(), field(text, "Issuer"), "issuer");
        assertEquals("sha256WithRSAEncryption", field(text, "Signature Algorithm"));

        String[] ku = extension(text, "X509v3 Key Usage");
        assertEquals(e.isCa() ? "Digital Signature, Key Encipherment, Certificate Sign"
                : "Digital Signature, Key Encipherment", ku[0]);
        assertEquals("true", ku[1], "KeyUsage is critical");
        String[] bc = extension(text, "X509v3 Basic Constraints");
        assertEquals(e.isCa() ? "CA:TRUE" : "CA:FALSE", bc[0]);
        assertEquals("true", bc[1], "BasicConstraints is critical");
        String[] eku = extension(text, "X509v3 Extended Key Usage");
        assertEquals(e.eku(), eku == null ? null : eku[0], "extended key usage");
        String[] san = extension(text, "X509v3 Subject Alternative Name");
        assertEquals(e.san(), san == null ? null : san[0], "SANs");

        String[] ski = extension(text, "X509v3 Subject Key Identifier");
        String[] aki = extension(text, "X509v3 Authority Key Identifier");
        if (e.isCa()) {
            assertNotNull(ski, "a CA has a SubjectKeyIdentifier");
            assertNull(aki, "a self-signed CA has no AuthorityKeyIdentifier");
        } else {
            assertNull(ski, "leaves have no SubjectKeyIdentifier (Go default)");
            String caSki = extension(text(e.caFile()), "X509v3 Subject Key Identifier")[0];
            assertEquals(caSki, aki[0].replace("keyid:", ""), "AKI = the CA's SKI");
        }

        Instant start = pki.config.start();
        Instant notBefore = Instant.from(OPENSSL_DATE.parse(field(text, "Not Before")));
        Instant notAfter = Instant.from(OPENSSL_DATE.parse(field(text, "Not After ")));
        assertEquals(start.minusSeconds(300), notBefore, "NotBefore = start - 5 minutes");
        assertEquals(start.plus(e.isCa() ? PkiConfig.DEFAULT_CA_VALIDITY : PkiConfig.DEFAULT_LEAF_VALIDITY), notAfter,
                "NotAfter = start + validity");

        X509Certificate cert = Pem.decodeCertificate(Files.readAllBytes(pki.pki(e.file() + ".crt")), e.file());
        BigInteger serial = cert.getSerialNumber();
        assertTrue(serial.signum() > 0 && serial.compareTo(BigInteger.TWO.pow(63).subtract(BigInteger.TWO)) <= 0,
                "serial in [1, 2^63-2]: " + serial);
    }

    @ParameterizedTest
    @MethodSource("expected")
    void verifiesAgainstItsCaOnlyAndKeysPassOpensslCheck(Expected e) throws Exception {
        Requirements.requireTool("openssl");
        String cert = pki.pki(e.file() + ".crt").toString();
        String own = pki.pki((e.isCa() ? e.file() : e.caFile()) + ".crt").toString();
        assertTrue(Tool.run("openssl", "verify", "-CAfile", own, cert).ok(), e.file() + " verifies against " + own);
        for (String other : List.of("ca", "front-proxy-ca", "etcd/ca")) {
            String otherFile = pki.pki(other + ".crt").toString();
            if (!otherFile.equals(own)) {
                Tool.Result wrong = Tool.run("openssl", "verify", "-CAfile", otherFile, cert);
                assertFalse(wrong.ok(), e.file() + " must not verify against " + other + ": " + wrong.all());
            }
        }
        Tool.ok(null, "openssl", "pkey", "-check", "-noout", "-in", pki.pki(e.file() + ".key").toString());
        assertTrue(Files.readString(pki.pki(e.file() + ".key")).startsWith("-----BEGIN RSA PRIVATE KEY-----\n"));
        assertTrue(Files.readString(pki.pki(e.file() + ".crt")).startsWith("-----BEGIN CERTIFICATE-----\n"));
        assertEquals("rw-------", mode(pki.pki(e.file() + ".key")));
        assertEquals("rw-r--r--", mode(pki.pki(e.file() + ".crt")));
        // The key belongs to the certificate: same public key as openssl derives it.
        assertEquals(Tool.ok(null, "openssl", "x509", "-noout", "-pubkey", "-in", cert),
                Tool.ok(null, "openssl", "pkey", "-pubout", "-in", pki.pki(e.file() + ".key").toString()));
    }

    @Test
    void serviceAccountKeyPairIsPkcs1AndPkix() throws Exception {
        Requirements.requireTool("openssl");
        Path key = pki.pki("sa.key");
        Path pub = pki.pki("sa.pub");
        Tool.ok(null, "openssl", "pkey", "-check", "-noout", "-in", key.toString());
        assertTrue(Files.readString(key).startsWith("-----BEGIN RSA PRIVATE KEY-----\n"));
        assertTrue(Files.readString(pub).startsWith("-----BEGIN PUBLIC KEY-----\n"));
        assertEquals("rw-------", mode(key));
        assertEquals("rw-------", mode(pub), "kubeadm writes sa.pub with its key writer");
        assertEquals(Files.readString(pub), Tool.ok(null, "openssl", "pkey", "-pubout", "-in", key.toString()));
    }

    @Test
    void directoriesAre0755() throws Exception {
        assertEquals("rwxr-xr-x", mode(pki.file("/etc/kubernetes/pki")));
        assertEquals("rwxr-xr-x", mode(pki.pki("etcd")));
    }

    @Test
    void pinEqualsTheOpensslPipelineKubeadmDocuments() throws Exception {
        Requirements.requireTool("openssl");
        Requirements.requireTool("sh");
        String ca = pki.pki("ca.crt").toString();
        String out = Tool.ok(null, "sh", "-c", "openssl x509 -pubkey -noout -in " + dev.bootstrap.host.Shell.quote(ca)
                + " | openssl pkey -pubin -outform der | openssl dgst -sha256 -hex");
        String hex = out.strip().substring(out.strip().lastIndexOf(' ') + 1);
        X509Certificate cert = Pem.decodeCertificate(Files.readAllBytes(pki.pki("ca.crt")), ca);
        assertEquals("sha256:" + hex, CaPin.of(cert));
        assertEquals(CaPin.of(cert), CertificateAuthority.load(pki.host, PkiFixture.LAYOUT, KubeadmCertificates.CA).pin());
        assertTrue(CaPin.matches("SHA256:" + hex.toUpperCase(Locale.ROOT), cert));
        assertFalse(CaPin.matches("sha256:" + "0".repeat(64), cert));
    }

    static String mode(Path p) throws java.io.IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
