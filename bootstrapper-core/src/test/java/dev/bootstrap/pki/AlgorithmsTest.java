package dev.bootstrap.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.testing.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The whole set per algorithm: key type and size, PEM type, signature algorithm, chain, openssl checks. */
class AlgorithmsTest {

    @TempDir
    Path rootfs;

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void everyKeyAndCertificateHasTheAlgorithmsShape(KeyAlgorithm algorithm) throws Exception {
        Requirements.requireTool("openssl");
        PkiFixture pki = PkiFixture.generate(rootfs, PkiFixture.config(algorithm));
        boolean rsa = algorithm.spelling().startsWith("RSA");
        String keyHeader = rsa ? "-----BEGIN RSA PRIVATE KEY-----\n" : "-----BEGIN EC PRIVATE KEY-----\n";
        String keyText = switch (algorithm) {
            case RSA_2048 -> "Private-Key: (2048 bit";
            case RSA_3072 -> "Private-Key: (3072 bit";
            case RSA_4096 -> "Private-Key: (4096 bit";
            case ECDSA_P256 -> "ASN1 OID: prime256v1";
            case ECDSA_P384 -> "ASN1 OID: secp384r1";
        };
        String signature = switch (algorithm) {
            case RSA_2048, RSA_3072, RSA_4096 -> "sha256WithRSAEncryption";
            case ECDSA_P256 -> "ecdsa-with-SHA256";
            case ECDSA_P384 -> "ecdsa-with-SHA384";
        };
        for (CertSpec spec : KubeadmCertificates.ALL) {
            Path key = pki.pki(spec.baseName() + ".key");
            assertTrue(Files.readString(key).startsWith(keyHeader), spec.name() + " key PEM type");
            Tool.ok(null, "openssl", "pkey", "-check", "-noout", "-in", key.toString());
            String text = Tool.ok(null, "openssl", "pkey", "-text", "-noout", "-in", key.toString());
            assertTrue(text.contains(keyText), spec.name() + ": " + text.lines().limit(3).toList());
            if (spec.kind() == CertSpec.Kind.KEY_PAIR) {
                assertTrue(Files.readString(pki.pki("sa.pub")).startsWith("-----BEGIN PUBLIC KEY-----\n"));
                continue;
            }
            String cert = pki.pki(spec.baseName() + ".crt").toString();
            String certText = Tool.ok(null, "openssl", "x509", "-noout", "-text", "-in", cert);
            assertEquals(signature, OpensslCertFieldsTest.field(certText, "Signature Algorithm"), spec.name());
            String caName = spec.isCa() ? spec.name() : spec.caName();
            String ca = pki.pki(KubeadmCertificates.byName(caName).baseName() + ".crt").toString();
            assertTrue(Tool.run("openssl", "verify", "-CAfile", ca, cert).ok(), spec.name() + " verifies");
            // Key usages stay kubeadm's even for ECDSA keys (keyEncipherment included, as kubeadm does).
            assertTrue(OpensslCertFieldsTest.extension(certText, "X509v3 Key Usage")[0]
                    .startsWith("Digital Signature, Key Encipherment"));
        }
        // Keys read back through our own loader too (SEC1 with curve and public key, PKCS#1).
        CertificateAuthority ca = CertificateAuthority.load(pki.host, PkiFixture.LAYOUT, KubeadmCertificates.ETCD_CA);
        assertEquals(algorithm, CertRenewer.algorithmOf(ca.certificate()));
    }

    @Test
    void parsesKubeadmsSpellingAndNamesABadValue() {
        assertEquals(KeyAlgorithm.ECDSA_P256, KeyAlgorithm.parse("ECDSA-P256"));
        assertEquals(KeyAlgorithm.RSA_4096, KeyAlgorithm.parse("rsa-4096"));
        PkiException e = org.junit.jupiter.api.Assertions.assertThrows(PkiException.class,
                () -> KeyAlgorithm.parse("RSA-1024"));
        assertTrue(e.getMessage().contains("\"RSA-1024\"") && e.getMessage().contains("--encryption-algorithm"),
                e.getMessage());
        assertFalse(e.getMessage().contains("null"));
    }
}
