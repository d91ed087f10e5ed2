package dev.bootstrap.uploadcerts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.testing.Requirements;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertsCipherTest {

    @TempDir
    Path dir;

    @Test
    void roundTripAndLayout() {
        CertificateKey key = CertificateKey.generate();
        byte[] pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = CertsCipher.encrypt(pem, key);
        assertEquals(12 + pem.length + 16, sealed.length, "nonce || ciphertext || tag");
        assertArrayEquals(pem, CertsCipher.decrypt(sealed, key, "ca.crt"));
        assertFalse(Arrays.equals(sealed, CertsCipher.encrypt(pem, key)), "a fresh nonce each time");
    }

    @Test
    void wrongKeyIsAClearError() {
        byte[] sealed = CertsCipher.encrypt("x".getBytes(), CertificateKey.generate());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CertsCipher.decrypt(sealed, CertificateKey.generate(), "ca.key"));
        assertTrue(e.getMessage().startsWith("ca.key: cannot decrypt: the certificate key is wrong"), e.getMessage());
    }

    @Test
    void keysParseAndHide() {
        CertificateKey k = CertificateKey.generate();
        assertEquals(64, k.hex().length());
        assertEquals(k.hex(), CertificateKey.parse(k.hex(), "--certificate-key").hex());
        assertFalse(k.toString().contains(k.hex()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CertificateKey.parse("abc", "--certificate-key"));
        assertTrue(e.getMessage().startsWith("--certificate-key: "));
    }

    /** openssl's AES-256-GCM with the same key and nonce yields our ciphertext (tag checked separately). */
    @Test
    void ciphertextMatchesOpenssl() throws Exception {
        Requirements.requireTool("openssl");
        CertificateKey key = CertificateKey.generate();
        byte[] plain = "kubeadm-certs payload 0123456789".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = CertsCipher.encrypt(plain, key);
        byte[] nonce = Arrays.copyOf(sealed, 12);
        Path in = Files.write(dir.resolve("plain"), plain);
        // GCM's ciphertext is CTR keystream XOR plaintext starting at counter 2 (J0 = nonce||1);
        // openssl's aes-256-ctr with IV nonce||00000002 reproduces it without needing GCM on the CLI.
        String iv = HexFormat.of().formatHex(nonce) + "00000002";
        Process p = new ProcessBuilder("openssl", "enc", "-aes-256-ctr", "-K", key.hex(), "-iv", iv,
                "-in", in.toString()).start();
        byte[] ctr = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertArrayEquals(ctr, Arrays.copyOfRange(sealed, 12, 12 + plain.length));
    }
}
