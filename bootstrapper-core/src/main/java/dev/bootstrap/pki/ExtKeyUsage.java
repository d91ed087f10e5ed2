package dev.bootstrap.pki;

import org.bouncycastle.asn1.x509.KeyPurposeId;

/** The extended key usages kubeadm's certificates carry. */
public enum ExtKeyUsage {
    SERVER_AUTH("serverAuth", KeyPurposeId.id_kp_serverAuth),
    CLIENT_AUTH("clientAuth", KeyPurposeId.id_kp_clientAuth);

    private final String label;
    private final KeyPurposeId purpose;

    ExtKeyUsage(String label, KeyPurposeId purpose) {
        this.label = label;
        this.purpose = purpose;
    }

    public String label() {
        return label;
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
