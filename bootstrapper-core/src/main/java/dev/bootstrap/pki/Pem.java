package dev.bootstrap.pki;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PEM as kubeadm writes and reads it. Writing: certificates {@code CERTIFICATE}, RSA keys PKCS#1
 * {@code RSA PRIVATE KEY}, EC keys SEC1 {@code EC PRIVATE KEY} (never PKCS#8), public keys PKIX
 * {@code PUBLIC KEY}. Reading accepts RSA/EC keys as PKCS#1, SEC1 or PKCS#8 and takes the first
 * certificate of a bundle. Every read names its source in errors.
 */
public final class Pem {

    public static final String CERTIFICATE = "CERTIFICATE";
    public static final String RSA_PRIVATE_KEY = "RSA PRIVATE KEY";
    public static final String EC_PRIVATE_KEY = "EC PRIVATE KEY";
    public static final String PUBLIC_KEY = "PUBLIC KEY";
    public static final String CERTIFICATE_REQUEST = "CERTIFICATE REQUEST";

    private Pem() {
    }

    public static byte[] encodeCertificate(X509Certificate certificate) {
        try {
            return encode(CERTIFICATE, certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new PkiException("cannot encode certificate " + certificate.getSubjectX500Principal(), e);
        }
    }

    /** PKCS#1 for RSA, SEC1 (with the named curve and public key, as Go writes it) for EC. */
    public static byte[] encodePrivateKey(PrivateKey key) {
        return encodePrivateKey(key, null);
    }

    /** As {@link #encodePrivateKey(PrivateKey)}; the pair's public key saves deriving it for EC keys. */
    public static byte[] encodePrivateKey(KeyPair keys) {
        return encodePrivateKey(keys.getPrivate(), keys.getPublic());
    }

    private static byte[] encodePrivateKey(PrivateKey key, PublicKey publicKey) {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
            if (key instanceof ECPrivateKey ec) {
                return encode(EC_PRIVATE_KEY, sec1(ec, info, publicKey));
            }
            if ("RSA".equals(key.getAlgorithm())) {
                return encode(RSA_PRIVATE_KEY, info.parsePrivateKey().toASN1Primitive().getEncoded());
            }
        } catch (IOException e) {
            throw new PkiException("cannot encode " + key.getAlgorithm() + " private key", e);
        }
        throw new PkiException("unsupported private key algorithm " + key.getAlgorithm());
    }

    private static byte[] sec1(ECPrivateKey ec, PrivateKeyInfo info, PublicKey publicKey) throws IOException {
        // The JDK's PKCS#8 form omits the curve and public key inside the SEC1 structure; openssl and
        // Go expect the curve and Go writes the public key too, so the structure is rebuilt.
        ASN1ObjectIdentifier curve = Certificates.curveOf(info);
        PublicKey pub = publicKey != null ? publicKey : Certificates.publicKeyOf(ec);
        byte[] point = SubjectPublicKeyInfo.getInstance(pub.getEncoded()).getPublicKeyData().getBytes();
        int orderBits = ec.getParams().getOrder().bitLength();
        return new org.bouncycastle.asn1.sec.ECPrivateKey(orderBits, ec.getS(), new DERBitString(point), curve)
                .getEncoded();
    }

    public static byte[] encodePublicKey(PublicKey key) {
        return encode(PUBLIC_KEY, key.getEncoded());
    }

    /** A PKCS#10 request as Go's pkiutil writes it ({@code CERTIFICATE REQUEST}). */
    public static byte[] encodeCertificateRequest(byte[] der) {
        return encode(CERTIFICATE_REQUEST, der);
    }

    private static byte[] encode(String type, byte[] der) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new PkiException("cannot write PEM " + type, e);
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The first certificate in the PEM data. @param source what to name in errors, e.g. "[host] path" */
    public static X509Certificate decodeCertificate(byte[] pem, String source) {
        for (Object o : objects(pem, source)) {
            if (o instanceof X509CertificateHolder holder) {
                try {
                    return (X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
                } catch (CertificateException | IOException e) {
                    throw new PkiException(source + ": invalid certificate: " + e.getMessage(), e);
                }
            }
        }
        throw new PkiException(source + ": no PEM block of type CERTIFICATE found");
    }

    /** An RSA or EC private key in PKCS#1, SEC1 or PKCS#8 form. */
    public static PrivateKey decodePrivateKey(byte[] pem, String source) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        for (Object o : objects(pem, source)) {
            try {
                if (o instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
            } catch (IOException | RuntimeException e) {
                throw new PkiException(source + ": invalid private key: " + e.getMessage(), e);
            }
        }
        throw new PkiException(source + ": no private key PEM block (RSA PRIVATE KEY, EC PRIVATE KEY or "
                + "PRIVATE KEY) found");
    }

    /** A PKIX {@code PUBLIC KEY}. */
    public static PublicKey decodePublicKey(byte[] pem, String source) {
        for (Object o : objects(pem, source)) {
            if (o instanceof SubjectPublicKeyInfo info) {
                try {
                    String algorithm = X9ObjectIdentifiers.id_ecPublicKey.equals(info.getAlgorithm().getAlgorithm())
                            ? "EC" : "RSA";
                    return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(info.getEncoded()));
                } catch (IOException | java.security.GeneralSecurityException e) {
                    throw new PkiException(source + ": invalid public key: " + e.getMessage(), e);
                }
            }
        }
        throw new PkiException(source + ": no PEM block of type PUBLIC KEY found");
    }

    private static java.util.List<Object> objects(byte[] pem, String source) {
        java.util.List<Object> found = new java.util.ArrayList<>();
        try (PEMParser parser = new PEMParser(new InputStreamReader(new ByteArrayInputStream(pem),
                StandardCharsets.US_ASCII))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                found.add(o);
            }
        } catch (IOException | RuntimeException e) {
            throw new PkiException(source + ": corrupt PEM data: " + e.getMessage(), e);
        }
        return found;
    }
}
