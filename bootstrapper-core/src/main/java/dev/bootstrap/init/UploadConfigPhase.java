package dev.bootstrap.init;

import dev.bootstrap.apiserver.ObjectApplier;
import dev.bootstrap.apiserver.UploadConfig;
import dev.bootstrap.manifests.KubeletFiles;
import dev.bootstrap.phases.PhaseSpec;
import java.util.List;

/** upload-config: kubeadm-config and kubelet-config ConfigMaps, readable by joining nodes. */
final class UploadConfigPhase extends ApiPhase {

    static final PhaseSpec SPEC = PhaseSpec.of("upload-config", "Upload the kubeadm and kubelet configurations to ConfigMaps");

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    String wouldDo(InitContext ctx) {
        return "create ConfigMaps kube-system/kubeadm-config and kube-system/kubelet-config and their Roles";
    }

    @Override
    List<ObjectApplier.Applied> apply(InitContext ctx) {
        // Rendered again rather than read from config.yaml, which carries this node's patches.
        String kubelet = new KubeletFiles(ctx.options().templates(), ctx.config())
                .clusterConfig(ctx.node().stat(KubeletFiles.RESOLVED_RESOLV_CONF).isPresent()).text();
        return new UploadConfig(ctx.admin()).upload(ctx.config().clusterConfigurationYaml(), kubelet);
    }
}
