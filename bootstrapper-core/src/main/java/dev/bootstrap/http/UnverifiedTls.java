package dev.bootstrap.http;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import java.net.Socket;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS that accepts any server certificate. Used only where kubeadm does the same and the answer is
 * checked otherwise: health probes of components (no credentials sent) and the first, unverified
 * fetch of cluster-info (checked by its JWS and the CA pin).
 */
public final class UnverifiedTls {

    private UnverifiedTls() {
    }

    public static SSLContext context() {
        // An X509ExtendedTrustManager: the JDK wraps a plain X509TrustManager in one that still checks
        // the host name, which would defeat the purpose (tunnels end at "localhost").
        TrustManager[] any = {new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                // never used: we are the client
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // deliberately unverified; see the class comment
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
                // never used: we are the client
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
                // deliberately unverified
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
                // never used: we are the client
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
                // deliberately unverified
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }};
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, any, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
