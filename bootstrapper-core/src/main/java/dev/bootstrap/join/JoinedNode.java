package dev.bootstrap.join;

import dev.bootstrap.kube.KubeSerialization;
import dev.bootstrap.host.Host;
import dev.bootstrap.kubeconfig.ExistingKubeconfig;
import dev.bootstrap.kubeconfig.KubeconfigException;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.pki.Pem;
import dev.bootstrap.pki.PkiException;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a node already finished joining this cluster: /etc/kubernetes/kubelet.conf exists, has
 * the cluster's CA, and its client certificate (embedded, or the kubelet's rotating file) is signed
 * by that CA. A kubelet.conf of another cluster is an error, never silently replaced.
 */
public final class JoinedNode {

    private JoinedNode() {
    }

    /** True when the node has joined the cluster of {@code caPem}; false when it has no kubelet.conf. */
    public static boolean joined(Host host, byte[] caPem) {
        Optional<byte[]> content = host.readFile(NodeLayout.KUBELET_CONF);
        if (content.isEmpty()) {
            return false;
        }
        String where = host.name() + ":" + NodeLayout.KUBELET_CONF;
        ExistingKubeconfig existing;
        try {
            existing = ExistingKubeconfig.parse(where, content.get());
        } catch (KubeconfigException e) {
            throw new JoinException(e.getMessage() + "; remove it (bootstrap reset) and join again", e);
        }
        X509Certificate ca = Pem.decodeCertificate(caPem, "the cluster CA");
        if (!existing.caPem().strip().equals(new String(caPem, StandardCharsets.US_ASCII).strip())) {
            throw new JoinException(where + " exists with another CA: " + host.name() + " belongs to another "
                    + "cluster; run 'bootstrap reset' (or kubeadm reset) on it before joining this one");
        }
        X509Certificate client = clientCertificate(host, where, content.get());
        try {
            client.verify(ca.getPublicKey());
            client.checkValidity();
        } catch (GeneralSecurityException e) {
            throw new JoinException(where + ": the kubelet's client certificate (" + client.getSubjectX500Principal()
                    + ") is not valid for this cluster's CA (" + e.getMessage() + "); run 'bootstrap reset' on "
                    + host.name() + " and join again", e);
        }
        return true;
    }

    /**
     * The node's name as its kubelet authenticates (CN system:node:NAME of kubelet.conf's client certificate), as
     * kubeadm's GetNodeNameFromKubeletConfig reads it; empty without kubelet.conf.
     */
    public static Optional<String> nodeName(Host host) {
        Optional<byte[]> content = host.readFile(NodeLayout.KUBELET_CONF);
        if (content.isEmpty()) {
            return Optional.empty();
        }
        String where = host.name() + ":" + NodeLayout.KUBELET_CONF;
        String subject = clientCertificate(host, where, content.get()).getSubjectX500Principal().getName();
        Matcher m = Pattern.compile("(?:^|,)CN=system:node:([^,]+)").matcher(subject);
        if (!m.find()) {
            throw new JoinException(where + ": the kubelet's client certificate (" + subject + ") is not a node's "
                    + "(CN=system:node:NAME)");
        }
        return Optional.of(m.group(1));
    }

    private static X509Certificate clientCertificate(Host host, String where, byte[] kubeconfig) {
        Config config = KubeSerialization.SHARED.unmarshal(new String(kubeconfig, StandardCharsets.UTF_8), Config.class);
        String userName = config.getContexts().stream().filter(c -> c.getName().equals(config.getCurrentContext()))
                .map(c -> c.getContext().getUser()).findFirst().orElse(null);
        AuthInfo user = config.getUsers() == null ? null : config.getUsers().stream()
                .filter(u -> u.getName().equals(userName)).map(NamedAuthInfo::getUser).findFirst().orElse(null);
        try {
            if (user != null && user.getClientCertificateData() != null) {
                return Pem.decodeCertificate(Base64.getMimeDecoder().decode(user.getClientCertificateData()), where);
            }
            if (user != null && user.getClientCertificate() != null) {
                String file = user.getClientCertificate();
                byte[] pem = host.readFile(file).orElseThrow(() -> new JoinException(where + " names the client "
                        + "certificate " + file + ", which does not exist; run 'bootstrap reset' on " + host.name()
                        + " and join again"));
                return Pem.decodeCertificate(pem, host.name() + ":" + file);
            }
        } catch (PkiException e) {
            throw new JoinException(e.getMessage() + "; run 'bootstrap reset' on " + host.name() + " and join again", e);
        }
        throw new JoinException(where + " has no client certificate for its user \"" + userName + "\"");
    }
}
