package dev.bootstrap.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.testing.Requirements;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading keys in every form openssl writes them, bundles, and corrupt data. */
class PemTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "PKCS#1 RSA, openssl genrsa -traditional 2048, RSA PRIVATE KEY",
        "PKCS#8 RSA, openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048, PRIVATE KEY",
        "SEC1 EC with EC PARAMETERS block, openssl ecparam -genkey -name prime256v1, EC PRIVATE KEY",
        "PKCS#8 EC, openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384, PRIVATE KEY",
    })
    void readsKeysInEveryFormAndWritesKubeadmsForm(String label, String command, String type) throws Exception {
        Requirements.requireTool("openssl");
        String pem = Tool.ok(dir, command.split(" "));
        assertTrue(pem.contains("-----BEGIN " + type + "-----"), pem);
        PrivateKey key = Pem.decodePrivateKey(pem.getBytes(StandardCharsets.US_ASCII), label);
        String written = new String(Pem.encodePrivateKey(key), StandardCharsets.US_ASCII);
        String expectedType = key.getAlgorithm().equals("RSA") ? "RSA PRIVATE KEY" : "EC PRIVATE KEY";
        assertTrue(written.startsWith("-----BEGIN " + expectedType + "-----\n"), written);
        Path out = dir.resolve("out.key");
        Files.writeString(out, written);
        Tool.ok(dir, "openssl", "pkey", "-check", "-noout", "-in", out.toString());
        // Same key: openssl derives the same public key from what we read and what we wrote.
        Path in = dir.resolve("in.key");
        Files.writeString(in, pem);
        assertEquals(Tool.ok(dir, "openssl", "pkey", "-pubout", "-in", in.toString()),
                Tool.ok(dir, "openssl", "pkey", "-pubout", "-in", out.toString()));
    }

    @Test
    void takesTheFirstCertificateOfABundle() throws Exception {
        Requirements.requireTool("openssl");
        String first = selfSigned("first");
        String second = selfSigned("second");
        X509Certificate cert = Pem.decodeCertificate((first + second).getBytes(StandardCharsets.US_ASCII), "bundle");
        assertEquals("first", Certificates.commonName(cert));
    }

    private String selfSigned(String cn) {
        return Tool.ok(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", dir.resolve(cn + ".key").toString(), "-subj", "/CN=" + cn, "-days", "1");
    }

    @Test
    void corruptDataIsAnErrorNamingTheSource() {
        byte[] truncated = ("-----BEGIN CERTIFICATE-----\nMIIB\n").getBytes(StandardCharsets.US_ASCII);
        PkiException e = assertThrows(PkiException.class, () -> Pem.decodeCertificate(truncated, "[n1] /x/ca.crt"));
        assertTrue(e.getMessage().startsWith("[n1] /x/ca.crt: "), e.getMessage());
        PkiException noKey = assertThrows(PkiException.class,
                () -> Pem.decodePrivateKey("just text".getBytes(StandardCharsets.US_ASCII), "[n1] /x/ca.key"));
        assertTrue(noKey.getMessage().startsWith("[n1] /x/ca.key: no private key"), noKey.getMessage());
        byte[] badBody = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
                .getBytes(StandardCharsets.US_ASCII);
        assertThrows(PkiException.class, () -> Pem.decodeCertificate(badBody, "x"));
    }
}
