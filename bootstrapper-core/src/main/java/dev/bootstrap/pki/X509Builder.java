package dev.bootstrap.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds certificates the way Go's crypto/x509 builds kubeadm's templates: extension order and
 * criticality (KeyUsage and BasicConstraints critical), SKI on CAs only, AKI = the issuer's SKI
 * on certificates it signs, subject strings as PrintableString where possible.
 */
final class X509Builder {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Serials are uniform in [1, 2^63-2]: random in [0, MaxInt64-1) then +1, as kubeadm. */
    private static final long SERIAL_BOUND = Long.MAX_VALUE - 1;
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss");
    private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private X509Builder() {
    }

    static X509Certificate build(CertRequest request, boolean isCa, PublicKey subjectKey,
                                 X500Name issuer, byte[] issuerKeyId, PrivateKey signerKey) {
        try {
            X500Name subject = subject(request.commonName(), request.organizations());
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(
                    issuer == null ? subject : issuer, serial(), time(request.notBefore()), time(request.notAfter()),
                    subject, SubjectPublicKeyInfo.getInstance(subjectKey.getEncoded()));
            int usage = KeyUsage.digitalSignature | KeyUsage.keyEncipherment | (isCa ? KeyUsage.keyCertSign : 0);
            b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            if (!request.usages().isEmpty()) {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(request.usages().stream()
                        .sorted().map(ExtKeyUsage::purpose).toArray(KeyPurposeId[]::new)));
            }
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            if (isCa) {
                b.addExtension(Extension.subjectKeyIdentifier, false,
                        new JcaX509ExtensionUtils().createSubjectKeyIdentifier(subjectKey));
            }
            if (issuer != null && issuerKeyId != null) {
                b.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(issuerKeyId));
            }
            if (!request.altNames().isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false, generalNames(request.altNames()));
            }
            byte[] der = b.build(new JcaContentSignerBuilder(KeyAlgorithm.signatureAlgorithm(signerKey))
                    .build(signerKey)).getEncoded();
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (PkiException e) {
            throw e;
        } catch (Exception e) {
            throw new PkiException("cannot sign certificate for " + request.commonName() + ": " + e.getMessage(), e);
        }
    }

    /** The subject key identifier of a certificate, or null when it has none. */
    static byte[] subjectKeyId(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ext == null) {
            return null;
        }
        return org.bouncycastle.asn1.x509.SubjectKeyIdentifier.getInstance(
                DEROctetString.getInstance(ext).getOctets()).getKeyIdentifier();
    }

    /**
     * A validity time as Go (and BouncyCastle's Date constructors) encode it: whole seconds in UTC, as
     * UTCTime for the years 1950-2049, else GeneralizedTime. Encoded here because BouncyCastle's own
     * constructors go through SimpleDateFormat, whose locale data costs a cold start ~20 ms.
     */
    static Time time(Instant instant) {
        LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        boolean utcTime = t.getYear() >= 1950 && t.getYear() <= 2049;
        byte[] text = ((utcTime ? UTC_TIME : GENERALIZED_TIME).format(t) + "Z").getBytes(StandardCharsets.US_ASCII);
        byte[] der = new byte[2 + text.length];
        der[0] = (byte) (utcTime ? BERTags.UTC_TIME : BERTags.GENERALIZED_TIME);
        der[1] = (byte) text.length;
        System.arraycopy(text, 0, der, 2, text.length);
        try {
            return Time.getInstance(ASN1Primitive.fromByteArray(der));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode time " + instant, e);
        }
    }

    private static BigInteger serial() {
        long r;
        do {
            r = RANDOM.nextLong() & Long.MAX_VALUE;
        } while (r >= SERIAL_BOUND);
        return BigInteger.valueOf(r + 1);
    }

    /** Go's order: O (all values in one RDN), then CN. */
    static X500Name subject(String commonName, List<String> organizations) {
        X500NameBuilder nb = new X500NameBuilder(GoNameStyle.INSTANCE);
        if (!organizations.isEmpty()) {
            ASN1ObjectIdentifier[] oids = new ASN1ObjectIdentifier[organizations.size()];
            java.util.Arrays.fill(oids, BCStyle.O);
            nb.addMultiValuedRDN(oids, organizations.toArray(String[]::new));
        }
        nb.addRDN(BCStyle.CN, commonName);
        return nb.build();
    }

    static GeneralNames generalNames(AltNames names) throws IOException {
        List<GeneralName> list = new ArrayList<>();
        for (String dns : names.dnsNames()) {
            list.add(new GeneralName(GeneralName.dNSName, dns));
        }
        for (InetAddress ip : names.ips()) {
            list.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(ip.getAddress())));
        }
        return new GeneralNames(list.toArray(GeneralName[]::new));
    }

    /** Encodes attribute strings as Go does: PrintableString when every character allows it, else UTF8String. */
    private static final class GoNameStyle extends BCStyle {
        static final GoNameStyle INSTANCE = new GoNameStyle();

        @Override
        protected ASN1Encodable encodeStringValue(ASN1ObjectIdentifier oid, String value) {
            return DERPrintableString.isPrintableString(value) ? new DERPrintableString(value)
                    : super.encodeStringValue(oid, value);
        }
    }
}
