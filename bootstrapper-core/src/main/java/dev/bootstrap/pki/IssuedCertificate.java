package dev.bootstrap.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A certificate with its new private key, e.g. for a kubeconfig's client-certificate/key-data. */
public record IssuedCertificate(X509Certificate certificate, PrivateKey key) {

    /** The certificate as PEM ({@code CERTIFICATE}). */
    public byte[] certificatePem() {
        return Pem.encodeCertificate(certificate);
    }

    /** The key as PEM in kubeadm's form ({@code RSA PRIVATE KEY} or {@code EC PRIVATE KEY}). */
    public byte[] keyPem() {
        return Pem.encodePrivateKey(new java.security.KeyPair(certificate.getPublicKey(), key));
    }
}
