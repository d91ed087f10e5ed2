package dev.bootstrap.pki;

import java.io.IOException;
import java.security.KeyPair;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A PKCS#10 request for a leaf, as kubeadm's {@code pkiutil.NewCSR} makes it for an external CA: the subject (O, then
 * CN, as {@link X509Builder} writes it) and the SANs in an extensionRequest attribute; nothing else (key usages and
 * validity are the signer's), signed by the request's own key.
 */
public final class CertificateSigningRequest {

    private CertificateSigningRequest() {
    }

    /** The request for {@code request}'s subject and SANs, as PEM ({@code CERTIFICATE REQUEST}). */
    public static byte[] pem(CertRequest request, KeyPair keys) {
        try {
            PKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(
                    X509Builder.subject(request.commonName(), request.organizations()), keys.getPublic());
            if (!request.altNames().isEmpty()) {
                ExtensionsGenerator extensions = new ExtensionsGenerator();
                extensions.addExtension(Extension.subjectAlternativeName, false,
                        X509Builder.generalNames(request.altNames()));
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            }
            return Pem.encodeCertificateRequest(builder.build(new JcaContentSignerBuilder(
                    KeyAlgorithm.signatureAlgorithm(keys.getPrivate())).build(keys.getPrivate())).getEncoded());
        } catch (IOException | OperatorCreationException e) {
            throw new PkiException("cannot make the certificate request for " + request.commonName() + ": "
                    + e.getMessage(), e);
        }
    }
}
