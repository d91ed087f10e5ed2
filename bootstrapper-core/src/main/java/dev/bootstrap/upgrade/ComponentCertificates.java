package dev.bootstrap.upgrade;

import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.host.Host;
import dev.bootstrap.pki.CertRenewer;
import dev.bootstrap.pki.ExpirationReport;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.NodeLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The certificates an upgrade renews right before each component restarts, as kubeadm's renewCertsByComponent
 * (cmd/kubeadm/app/phases/upgrade/staticpods.go): never a CA, sa or kubelet.conf (the kubelet rotates its own).
 * Renewal keeps each certificate's subject, SANs and key algorithm ({@link CertRenewer}) and skips certificates of
 * an external CA (its key absent).
 */
public final class ComponentCertificates {

    /** The client certificate renewed after every component, as kubeadm does last. */
    static final String ADMIN = NodeLayout.fileName(NodeLayout.ADMIN_CONF);

    private final CertRenewer renewer;
    private final KubeadmConfig config;
    private final Instant now;
    private final Map<String, Instant> expiry;

    /** Reads the node's certificates once ({@code files}: where renewals are written). */
    ComponentCertificates(Host files, KubeadmConfig config, Instant now) {
        String certDir = config.cluster().layout().certificatesDir();
        boolean externalEtcd = !config.cluster().localEtcd();
        this.renewer = new CertRenewer(files, certDir, NodeLayout.KUBERNETES_DIR);
        this.config = config;
        this.now = now;
        this.expiry = ExpirationReport.check(files, certDir, NodeLayout.KUBERNETES_DIR, externalEtcd, now)
                .certificates().stream().filter(e -> !e.missing() && !e.externallyManaged())
                .collect(Collectors.toMap(ExpirationReport.Entry::name, ExpirationReport.Entry::expirationDate));
    }

    /** kubeadm's table: the certificates each component is restarted with. */
    public static List<String> of(String component, boolean localEtcd) {
        return switch (component) {
            case "etcd" -> List.of(KubeadmCertificates.ETCD_SERVER.name(), KubeadmCertificates.ETCD_PEER.name(),
                    KubeadmCertificates.ETCD_HEALTHCHECK_CLIENT.name());
            case "kube-apiserver" -> {
                List<String> names = new ArrayList<>(List.of(KubeadmCertificates.APISERVER.name(),
                        KubeadmCertificates.APISERVER_KUBELET_CLIENT.name(), KubeadmCertificates.FRONT_PROXY_CLIENT.name()));
                if (localEtcd) {
                    names.add(KubeadmCertificates.APISERVER_ETCD_CLIENT.name());
                }
                yield names;
            }
            case "kube-controller-manager" -> List.of(NodeLayout.fileName(NodeLayout.CONTROLLER_MANAGER_CONF));
            case "kube-scheduler" -> List.of(NodeLayout.fileName(NodeLayout.SCHEDULER_CONF));
            default -> throw new IllegalArgumentException("unknown component " + component);
        };
    }

    /** The component's renewable certificates that expire within {@code window}, with when. */
    List<String> expiring(String component, Duration window) {
        Instant limit = now.plus(window);
        return of(component, config.cluster().localEtcd()).stream()
                .filter(n -> expiry.containsKey(n) && expiry.get(n).isBefore(limit))
                .map(n -> n + " (expires " + expiry.get(n) + ")").toList();
    }

    /** Renews the certificates of a component (or {@link #ADMIN}); one line per certificate. */
    List<String> renew(String componentOrAdmin) {
        List<String> names = componentOrAdmin.equals(ADMIN) ? List.of(ADMIN)
                : of(componentOrAdmin, config.cluster().localEtcd());
        Duration validity = config.cluster().certificateValidityPeriod();
        List<String> lines = new ArrayList<>();
        for (String name : names) {
            for (CertRenewer.Outcome o : renewer.renew(name, null, validity, now, !config.cluster().localEtcd())) {
                lines.add(switch (o.action()) {
                    case RENEWED -> "renewed certificate " + o.name() + " (" + o.file() + "), valid until "
                            + now.plus(validity);
                    case MISSING -> "certificate " + o.name() + " is missing (" + o.file() + "): not renewed";
                    case SKIPPED_EXTERNAL_CA -> "External CA detected, " + o.name() + " certificate can't be renewed";
                });
            }
        }
        return lines;
    }
}
