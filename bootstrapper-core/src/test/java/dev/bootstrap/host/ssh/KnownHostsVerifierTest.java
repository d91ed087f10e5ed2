package dev.bootstrap.host.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import net.schmizz.sshj.common.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host key decisions on files (the lab tests do the same against real sshd on port 22). */
class KnownHostsVerifierTest {

    // Two keys made with ssh-keygen; `ssh-keygen -lf` printed the fingerprints.
    private static final String KEY_A = "AAAAC3NzaC1lZDI1NTE5AAAAIBDqKrr44so8oSd+3A2hhg0l1n/uUYObHEpe5cczzVk6";
    private static final String FP_A = "SHA256:9GYPJAEfgi4xj3DBYEqS0ptqgeJM6/JKMh1dgIsO53E";
    private static final String KEY_B = "AAAAC3NzaC1lZDI1NTE5AAAAIKrYyUuDnX2lLKtt7A3yaAnOMS+wPex47dt/2Rfv3Ftx";
    private static final String FP_B = "SHA256:+IHDvob9E1wrc9CixSj1kZYMbP1XoG6pdlkOg8M55aQ";

    private static PublicKey key(String base64) throws Exception {
        return new Buffer.PlainBuffer(Base64.getDecoder().decode(base64)).readPublicKey();
    }

    @Test
    void fingerprintsMatchSshKeygen() throws Exception {
        assertEquals(FP_A, Fingerprints.sha256(key(KEY_A)));
        assertEquals("ssh-ed25519 " + FP_B, Fingerprints.describe(key(KEY_B)));
    }

    @Test
    void otherPortsUseBracketedEntriesAndAcceptNewRecordsThem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/known_hosts");
        KnownHostsVerifier strict = new KnownHostsVerifier(file, false);
        assertFalse(strict.verify("10.0.0.5", 2222, key(KEY_A)));
        assertTrue(strict.refusal().contains("[10.0.0.5]:2222 is not known"), strict.refusal());
        assertTrue(strict.refusal().contains("ssh-ed25519 " + FP_A));
        assertTrue(strict.refusal().contains("ssh-keyscan -p 2222 -t ed25519 10.0.0.5 >> " + file), strict.refusal());

        KnownHostsVerifier tofu = new KnownHostsVerifier(file, true);
        assertTrue(tofu.verify("10.0.0.5", 2222, key(KEY_A)));
        assertEquals(List.of("[10.0.0.5]:2222 ssh-ed25519 " + KEY_A), Files.readAllLines(file));
        assertNull(tofu.refusal());

        KnownHostsVerifier again = new KnownHostsVerifier(file, false);
        assertTrue(again.verify("10.0.0.5", 2222, key(KEY_A)));
        // the same host on port 22 is a different entry
        assertFalse(again.verify("10.0.0.5", 22, key(KEY_A)));
        assertEquals(List.of("ssh-ed25519"), again.findExistingAlgorithms("10.0.0.5", 2222));
    }

    @Test
    void changedKeyIsRefusedEvenWithAcceptNewAndNothingIsWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, "# comment\nnode1,10.0.0.1 ssh-ed25519 " + KEY_A);
        KnownHostsVerifier v = new KnownHostsVerifier(file, true);
        assertFalse(v.verify("node1", 22, key(KEY_B)));
        assertTrue(v.refusal().contains("CHANGED"), v.refusal());
        assertTrue(v.refusal().contains("has ssh-ed25519 " + FP_A + " but the host offered ssh-ed25519 " + FP_B),
                v.refusal());
        assertTrue(v.refusal().contains("ssh-keygen -R 'node1' -f " + file), v.refusal());
        assertEquals("# comment\nnode1,10.0.0.1 ssh-ed25519 " + KEY_A, Files.readString(file));
        assertTrue(v.verify("10.0.0.1", 22, key(KEY_A)));
    }
}
