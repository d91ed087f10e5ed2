package dev.bootstrap.host.ssh;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

/** OpenSSH-style key fingerprints ("SHA256:..." as ssh-keygen -l prints them). */
public final class Fingerprints {

    private Fingerprints() {
    }

    public static String sha256(PublicKey key) {
        return sha256(blob(key));
    }

    public static String sha256(byte[] keyBlob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBlob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** The SSH wire encoding of a public key. */
    public static byte[] blob(PublicKey key) {
        return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    }

    /** "ssh-ed25519 SHA256:..." for messages. */
    public static String describe(PublicKey key) {
        return KeyType.fromKey(key) + " " + sha256(key);
    }
}
