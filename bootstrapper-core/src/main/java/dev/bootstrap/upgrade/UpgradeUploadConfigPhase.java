package dev.bootstrap.upgrade;

import dev.bootstrap.apiserver.ObjectApplier;
import dev.bootstrap.apiserver.UploadConfig;
import dev.bootstrap.phases.PhaseSpec;
import java.util.List;

/**
 * kubeadm's upgrade upload-config (cmd/kubeadm/app/cmd/phases/upgrade/apply/uploadconfig.go): kubeadm-config with
 * the new kubernetesVersion, and kubelet-config with the target release's KubeletConfiguration, which every node's
 * kubelet-config phase then writes. Only apply runs it.
 */
final class UpgradeUploadConfigPhase extends UpgradeApiPhase {

    static final PhaseSpec SPEC = PhaseSpec.of("upload-config", "Upload the kubeadm and kubelet configurations to "
            + "ConfigMaps");

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    String wouldDo(UpgradeContext ctx) {
        return "upload ConfigMaps " + UploadConfig.NAMESPACE + "/" + UploadConfig.KUBEADM_CONFIG + " (kubernetesVersion "
                + ctx.config().cluster().kubernetesVersion() + ") and " + UploadConfig.NAMESPACE + "/"
                + UploadConfig.KUBELET_CONFIG;
    }

    @Override
    List<ObjectApplier.Applied> apply(UpgradeContext ctx) {
        return new UploadConfig(ctx.client()).upload(ctx.config().clusterConfigurationYaml(),
                KubeletConfigPhase.clusterKubeletConfig(ctx));
    }
}
