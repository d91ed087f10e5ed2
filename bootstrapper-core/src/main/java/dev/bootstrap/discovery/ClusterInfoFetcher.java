package dev.bootstrap.discovery;

import dev.bootstrap.http.UnverifiedTls;
import dev.bootstrap.kube.KubeSerialization;
import dev.bootstrap.http.HttpCall;
import dev.bootstrap.pki.TlsContexts;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Anonymous GET of kube-public/cluster-info: first without trusting the server (the CA is what we
 * are about to learn), then again trusting only the pinned CA. No credential is ever sent: the
 * token secret is used only locally, to check the signature.
 */
final class ClusterInfoFetcher {

    static final String PATH = "/api/v1/namespaces/kube-public/configmaps/cluster-info";
    private final KubernetesSerialization serialization = KubeSerialization.SHARED;

    ConfigMap fetchUnverified(String endpoint) {
        return fetch(endpoint, UnverifiedTls.context(), "without verifying the server (first contact)");
    }

    ConfigMap fetchVerified(String endpoint, List<X509Certificate> cas) {
        return fetch(endpoint, trusting(cas), "verifying the server against the pinned CA");
    }

    private ConfigMap fetch(String endpoint, SSLContext tls, String how) {
        HttpCall.Response response = ApiGet.get("https://" + endpoint, PATH, tls, null, how);
        switch (response.status()) {
            case 200 -> {
                return serialization.unmarshal(response.body(), ConfigMap.class);
            }
            case 404 -> throw new DiscoveryException(DiscoveryException.Reason.NOT_FOUND, "the API server at "
                    + endpoint + " has no kube-public/cluster-info; was the cluster made with 'bootstrap init' "
                    + "(or kubeadm init) and did its bootstrap-token phase run?");
            case 401, 403 -> throw new DiscoveryException(DiscoveryException.Reason.FORBIDDEN, "the API server at "
                    + endpoint + " refused anonymous access to cluster-info (HTTP " + response.status()
                    + "); the Role/RoleBinding kubeadm:bootstrap-signer-clusterinfo in kube-public is missing");
            default -> throw new DiscoveryException(DiscoveryException.Reason.UNREACHABLE, "the API server at "
                    + endpoint + " answered HTTP " + response.status() + " for cluster-info");
        }
    }

    static SSLContext trusting(List<X509Certificate> cas) {
        return TlsContexts.trusting(cas);
    }
}
