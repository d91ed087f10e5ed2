package dev.bootstrap.pki;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.KeyFactory;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** Reads the fields kubeadm cares about back out of certificates and keys. */
public final class Certificates {

    private Certificates() {
    }

    public static String commonName(X509Certificate cert) {
        List<String> cn = attribute(cert, BCStyle.CN);
        return cn.isEmpty() ? "" : cn.get(0);
    }

    public static List<String> organizations(X509Certificate cert) {
        return attribute(cert, BCStyle.O);
    }

    private static List<String> attribute(X509Certificate cert, ASN1ObjectIdentifier oid) {
        X500Name name = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        List<String> values = new ArrayList<>();
        for (RDN rdn : name.getRDNs()) {
            for (var atv : rdn.getTypesAndValues()) {
                if (atv.getType().equals(oid)) {
                    values.add(IETFUtils.valueToString(atv.getValue()));
                }
            }
        }
        return values;
    }

    /** The certificate's DNS and IP SANs (kubeadm's dedup/sort applied). */
    public static AltNames altNames(X509Certificate cert) {
        List<String> dns = new ArrayList<>();
        List<InetAddress> ips = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> entry : cert.getSubjectAlternativeNames()) {
                    int type = (Integer) entry.get(0);
                    if (type == 2) {
                        dns.add((String) entry.get(1));
                    } else if (type == 7) {
                        ips.add(InetAddress.getByName((String) entry.get(1))); // a literal from the cert: no lookup
                    }
                }
            }
        } catch (CertificateParsingException | UnknownHostException e) {
            throw new PkiException("unreadable subject alternative names in " + cert.getSubjectX500Principal() + ": "
                    + e.getMessage(), e);
        }
        return new AltNames(dns, ips);
    }

    public static Set<ExtKeyUsage> extKeyUsages(X509Certificate cert) {
        Set<ExtKeyUsage> usages = EnumSet.noneOf(ExtKeyUsage.class);
        try {
            if (cert.getExtendedKeyUsage() != null) {
                cert.getExtendedKeyUsage().stream().map(ExtKeyUsage::of).filter(u -> u != null).forEach(usages::add);
            }
        } catch (CertificateParsingException e) {
            throw new PkiException("unreadable extended key usage in " + cert.getSubjectX500Principal(), e);
        }
        return usages;
    }

    /** The public half of a private key (RSA from its CRT form, EC by computing d*G). */
    public static PublicKey publicKeyOf(PrivateKey key) {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (key instanceof ECPrivateKey ec) {
                ASN1ObjectIdentifier curve = curveOf(PrivateKeyInfo.getInstance(ec.getEncoded()));
                byte[] point = curveParameters(curve).getG().multiply(ec.getS()).normalize().getEncoded(false);
                SubjectPublicKeyInfo spki = new SubjectPublicKeyInfo(
                        new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), point);
                return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki.getEncoded()));
            }
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new PkiException("cannot derive the public key: " + e.getMessage(), e);
        }
        throw new PkiException("unsupported private key " + key.getAlgorithm() + " (expected RSA or EC)");
    }

    static ASN1ObjectIdentifier curveOf(PrivateKeyInfo info) {
        try {
            return ASN1ObjectIdentifier.getInstance(info.getPrivateKeyAlgorithm().getParameters());
        } catch (IllegalArgumentException e) {
            throw new PkiException("EC keys must use a named curve", e);
        }
    }

    private static X9ECParameters curveParameters(ASN1ObjectIdentifier curve) {
        X9ECParameters params = ECNamedCurveTable.getByOID(curve);
        if (params == null) {
            throw new PkiException("unsupported EC curve " + curve);
        }
        return params;
    }
}
