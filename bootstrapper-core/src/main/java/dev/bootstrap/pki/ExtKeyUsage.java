package dev.bootstrap.pki;

import org.bouncycastle.asn1.x509.KeyPurposeId;

/** The extended key usages kubeadm's certificates carry. */
public enum ExtKeyUsage {
    SERVER_AUTH(KeyPurposeId.id_kp_serverAuth),
    CLIENT_AUTH(KeyPurposeId.id_kp_clientAuth);

    private final KeyPurposeId purpose;

    ExtKeyUsage(KeyPurposeId purpose) {
        this.purpose = purpose;
    }

    KeyPurposeId purpose() {
        return purpose;
    }

    static ExtKeyUsage of(String oid) {
        for (ExtKeyUsage u : values()) {
            if (u.purpose.getId().equals(oid)) {
                return u;
            }
        }
        return null;
    }
}
