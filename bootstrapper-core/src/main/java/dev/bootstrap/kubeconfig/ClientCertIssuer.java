package dev.bootstrap.kubeconfig;

import dev.bootstrap.pki.Pem;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;

/** Issues a client certificate signed by the cluster CA (implemented by the PKI). */
@FunctionalInterface
public interface ClientCertIssuer {

    /** A PEM certificate and its PEM private key; the key is a secret. */
    record IssuedPem(String certificatePem, String privateKeyPem) {

        /** The certificate and its key in kubeadm's PEM forms. */
        public static IssuedPem of(X509Certificate certificate, KeyPair keys) {
            return new IssuedPem(new String(Pem.encodeCertificate(certificate), StandardCharsets.US_ASCII),
                    new String(Pem.encodePrivateKey(keys), StandardCharsets.US_ASCII));
        }

        @Override
        public String toString() {
            return "IssuedPem[certificate, key=<secret>]";
        }
    }

    IssuedPem issue(String commonName, List<String> organizations);
}
