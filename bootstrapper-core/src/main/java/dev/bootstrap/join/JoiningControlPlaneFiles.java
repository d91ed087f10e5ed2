package dev.bootstrap.join;

import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.host.Host;
import dev.bootstrap.kubeconfig.KubeconfigRenderer;
import dev.bootstrap.kubeconfig.KubeconfigSpec;
import dev.bootstrap.manifests.ControlPlaneFacts;
import dev.bootstrap.manifests.StaticPods;
import dev.bootstrap.nodefiles.CertificateFiles;
import dev.bootstrap.nodefiles.FileReport;
import dev.bootstrap.nodefiles.FileSync;
import dev.bootstrap.nodefiles.KubeconfigFiles;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.pki.KeyPool;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.pki.PkiConfig;
import dev.bootstrap.pki.PkiFile;
import dev.bootstrap.templates.RenderedFile;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.uploadcerts.KubeadmCertsSecret;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The local files of a control plane joining a cluster (kubeadm join's control-plane-prepare phase),
 * made as init makes them (package nodefiles): the shared PKI downloaded from kubeadm-certs, then this node's
 * leaf certificates (its name and advertise address), admin/controller-manager/scheduler kubeconfigs
 * (no super-admin.conf: only the first control plane has one) and the control-plane manifests.
 * Files already right are left alone, so a second run changes nothing.
 */
public final class JoiningControlPlaneFiles {

    private final Host files;
    private final KubeadmConfig config;
    private final TemplateRenderer renderer;
    private final Map<String, String> environment;

    /**
     * @param config      the cluster's configuration resolved for this node ({@link KubeadmConfig#forNode})
     * @param environment supplies the proxy variables the manifests pass on, as in init
     */
    public JoiningControlPlaneFiles(Host files, KubeadmConfig config, TemplateRenderer renderer,
                             Map<String, String> environment) {
        this.files = files;
        this.config = config;
        this.renderer = renderer;
        this.environment = Map.copyOf(environment);
    }

    /**
     * @param shared the downloaded files by node path (ControlPlaneCerts)
     * @return one line per file or certificate: "wrote ...", "generated ...", "unchanged ..." (or a WARNING);
     *         changed when it wrote or generated anything
     */
    public Outcome write(Map<String, byte[]> shared) {
        PkiConfig pki = CertificateFiles.pkiConfig(config);
        FileReport report = new FileReport();
        shared.forEach((path, content) -> report.write(files, new RenderedFile(path, content, PkiFile.modeOf(path),
                KubeadmCertsSecret.REFERENCE)));
        report.addAll(CertificateFiles.report(CertificateFiles.generate(files, pki, KubeadmCertificates.forConfig(pki),
                KeyPool.NONE)));
        String caPem = new String(shared.get(pki.layout().caCert()), StandardCharsets.UTF_8);
        report.addAll(KubeconfigFiles.write(files, config, KubeconfigSpec.forControlPlaneJoin(config), pki, caPem,
                new KubeconfigRenderer(renderer), new ConcurrentLinkedDeque<>()));
        StaticPods pods = new StaticPods(renderer, config, ControlPlaneFacts.of(files, environment, false));
        FileSync.directory(files, NodeLayout.MANIFESTS_DIR, 0700);
        pods.controlPlane().forEach(f -> report.write(files, f));
        return report.outcome();
    }

    /** The etcd manifest of a member joining the cluster whose full --initial-cluster is given. */
    String writeEtcd(String initialCluster) {
        StaticPods pods = new StaticPods(renderer, config, ControlPlaneFacts.of(files, environment, false));
        FileSync.directory(files, NodeLayout.MANIFESTS_DIR, 0700);
        return FileSync.write(files, pods.etcdJoining(initialCluster)).line();
    }
}
