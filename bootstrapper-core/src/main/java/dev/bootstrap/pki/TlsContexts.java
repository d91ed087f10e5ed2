package dev.bootstrap.pki;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS contexts from our PEM material: trust exactly the given CAs, and present a certificate when given one. */
public final class TlsContexts {

    private TlsContexts() {
    }

    /** Trusts only {@code cas}; presents no certificate. */
    public static SSLContext trusting(List<X509Certificate> cas) {
        return create(cas, null, null);
    }

    /** Trusts only {@code cas} and presents {@code certificate} with {@code key} (client or server side). */
    public static SSLContext withIdentity(List<X509Certificate> cas, X509Certificate certificate, PrivateKey key) {
        return create(cas, certificate, key);
    }

    private static SSLContext create(List<X509Certificate> cas, X509Certificate certificate, PrivateKey key) {
        try {
            KeyManager[] keyManagers = null;
            if (certificate != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry("identity", key, new char[0], new X509Certificate[] {certificate});
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, new char[0]);
                keyManagers = kmf.getKeyManagers();
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                trust.setCertificateEntry("ca" + i, cas.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException("cannot set up TLS with the given certificates: " + e.getMessage(), e);
        }
    }
}
