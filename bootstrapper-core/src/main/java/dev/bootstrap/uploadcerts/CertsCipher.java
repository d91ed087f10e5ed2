package dev.bootstrap.uploadcerts;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * kubeadm's encryption of each kubeadm-certs value: AES-256-GCM, a fresh 12-byte nonce, no AAD,
 * stored as nonce || ciphertext || 16-byte tag (what Go's {@code gcm.Seal(nonce, nonce, data, nil)} yields).
 */
public final class CertsCipher {

    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private CertsCipher() {
    }

    public static byte[] encrypt(byte[] plaintext, CertificateKey key) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        try {
            Cipher gcm = cipher(Cipher.ENCRYPT_MODE, key, nonce);
            byte[] sealed = gcm.doFinal(plaintext);
            byte[] out = Arrays.copyOf(nonce, NONCE + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JVM", e);
        }
    }

    /** Decrypts one value; a wrong key is an error that says so. */
    public static byte[] decrypt(byte[] stored, CertificateKey key, String what) {
        if (stored.length < NONCE + TAG_BITS / 8) {
            throw new IllegalArgumentException(what + ": encrypted value is too short to be kubeadm's format");
        }
        try {
            Cipher gcm = cipher(Cipher.DECRYPT_MODE, key, Arrays.copyOf(stored, NONCE));
            return gcm.doFinal(stored, NONCE, stored.length - NONCE);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException(what + ": cannot decrypt: the certificate key is wrong "
                    + "(or the kubeadm-certs Secret was re-uploaded with another key)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JVM", e);
        }
    }

    private static Cipher cipher(int mode, CertificateKey key, byte[] nonce) throws GeneralSecurityException {
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(mode, new SecretKeySpec(key.bytes(), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        return gcm;
    }
}
