package dev.bootstrap.discovery;

import dev.bootstrap.pki.TlsContexts;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.SSLEngine;
import java.net.Socket;

/**
 * Anonymous GET of kube-public/cluster-info: first without trusting the server (the CA is what we
 * are about to learn), then again trusting only the pinned CA. No credential is ever sent: the
 * token secret is used only locally, to check the signature.
 */
final class ClusterInfoFetcher {

    static final String PATH = "/api/v1/namespaces/kube-public/configmaps/cluster-info";
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    ConfigMap fetchUnverified(String endpoint) {
        return fetch(endpoint, trustAll(), "without verifying the server (first contact)");
    }

    ConfigMap fetchVerified(String endpoint, List<X509Certificate> cas) {
        return fetch(endpoint, trusting(cas), "verifying the server against the pinned CA");
    }

    private ConfigMap fetch(String endpoint, SSLContext tls, String how) {
        HttpResponse<String> response = ApiGet.get("https://" + endpoint, PATH, tls, null, how);
        switch (response.statusCode()) {
            case 200 -> {
                return serialization.unmarshal(response.body(), ConfigMap.class);
            }
            case 404 -> throw new DiscoveryException(DiscoveryException.Reason.NOT_FOUND, "the API server at "
                    + endpoint + " has no kube-public/cluster-info; was the cluster made with 'bootstrap init' "
                    + "(or kubeadm init) and did its bootstrap-token phase run?");
            case 401, 403 -> throw new DiscoveryException(DiscoveryException.Reason.FORBIDDEN, "the API server at "
                    + endpoint + " refused anonymous access to cluster-info (HTTP " + response.statusCode()
                    + "); the Role/RoleBinding kubeadm:bootstrap-signer-clusterinfo in kube-public is missing");
            default -> throw new DiscoveryException(DiscoveryException.Reason.UNREACHABLE, "the API server at "
                    + endpoint + " answered HTTP " + response.statusCode() + " for cluster-info");
        }
    }

    private static SSLContext trustAll() {
        // An X509ExtendedTrustManager, so the JDK adds no host name check of its own either: the
        // answer is checked by its JWS and the CA pin instead, and the server's name is unknown yet.
        TrustManager[] any = {new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                // never used: we are the client
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
                // never used: we are the client
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
                // never used: we are the client
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // deliberately unverified (first contact)
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
                // deliberately unverified (first contact)
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
                // deliberately unverified (first contact)
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

    static SSLContext trusting(List<X509Certificate> cas) {
        return TlsContexts.trusting(cas);
    }
}
