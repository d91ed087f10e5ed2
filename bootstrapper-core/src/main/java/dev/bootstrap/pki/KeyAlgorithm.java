package dev.bootstrap.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Key;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** kubeadm's {@code encryptionAlgorithm}: the one algorithm used for every key of a cluster. */
public enum KeyAlgorithm {
    RSA_2048("RSA-2048", "RSA", 2048, null),
    RSA_3072("RSA-3072", "RSA", 3072, null),
    RSA_4096("RSA-4096", "RSA", 4096, null),
    ECDSA_P256("ECDSA-P256", "EC", 256, "secp256r1"),
    ECDSA_P384("ECDSA-P384", "EC", 384, "secp384r1");

    public static final KeyAlgorithm DEFAULT = RSA_2048;

    private final String spelling;
    private final String jcaName;
    private final int bits;
    private final String curve;

    KeyAlgorithm(String spelling, String jcaName, int bits, String curve) {
        this.spelling = spelling;
        this.jcaName = jcaName;
        this.bits = bits;
        this.curve = curve;
    }

    /** kubeadm's spelling, e.g. "RSA-2048". */
    public String spelling() {
        return spelling;
    }

    @Override
    public String toString() {
        return spelling;
    }

    /** Parses kubeadm's spelling (case-insensitive); an unknown value is an error naming it. */
    public static KeyAlgorithm parse(String value) {
        for (KeyAlgorithm a : values()) {
            if (a.spelling.equalsIgnoreCase(value == null ? "" : value.strip())) {
                return a;
            }
        }
        throw new PkiException("unknown encryption algorithm \"" + value + "\" (encryptionAlgorithm, "
                + "--encryption-algorithm); expected one of " + spellings());
    }

    public static String spellings() {
        return Arrays.stream(values()).map(KeyAlgorithm::spelling).collect(Collectors.joining(", "));
    }

    /** A fresh key pair. This is the expensive step of the PKI (RSA prime search). */
    public KeyPair generate() {
        if (curve == null) {
            return RsaKeyPairs.generate(bits);
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(jcaName);
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot generate a " + spelling + " key: " + e.getMessage(), e);
        }
    }

    /**
     * The signature algorithm a signer with this key uses, as Go's crypto/x509 picks it:
     * SHA256withRSA for RSA, SHA256withECDSA for P-256, SHA384withECDSA for P-384.
     */
    public static String signatureAlgorithm(Key signerKey) {
        if (signerKey instanceof ECKey ec) {
            int order = ec.getParams().getOrder().bitLength();
            return order > 384 ? "SHA512withECDSA" : order > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        if ("RSA".equals(signerKey.getAlgorithm())) {
            return "SHA256withRSA";
        }
        throw new PkiException("unsupported signing key algorithm " + signerKey.getAlgorithm().toLowerCase(Locale.ROOT)
                + "; only RSA and ECDSA keys are supported");
    }
}
