package dev.bootstrap.kubeconfig;

import java.util.List;

/** Issues a client certificate signed by the cluster CA (implemented by the PKI). */
@FunctionalInterface
public interface ClientCertIssuer {

    /** A PEM certificate and its PEM private key; the key is a secret. */
    record IssuedPem(String certificatePem, String privateKeyPem) {

        @Override
        public String toString() {
            return "IssuedPem[certificate, key=<secret>]";
        }
    }

    IssuedPem issue(String commonName, List<String> organizations);
}
