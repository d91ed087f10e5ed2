package dev.bootstrap.init;

import dev.bootstrap.apiserver.ObjectApplier;
import dev.bootstrap.apiserver.UploadConfig;
import dev.bootstrap.manifests.KubeletFiles;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** upload-config: kubeadm-config and kubelet-config ConfigMaps, readable by joining nodes. */
final class UploadConfigPhase extends ApiPhase {

    @Override
    public String name() {
        return "upload-config";
    }

    @Override
    public String title() {
        return "Upload the kubeadm and kubelet configurations to ConfigMaps";
    }

    @Override
    String wouldDo(InitContext ctx) {
        return "create ConfigMaps kube-system/kubeadm-config and kube-system/kubelet-config and their Roles";
    }

    @Override
    List<ObjectApplier.Applied> apply(InitContext ctx) {
        String kubelet = new String(ctx.files().readFile(KubeletFiles.CONFIG_PATH).orElseThrow(() ->
                new IllegalStateException("[" + ctx.node().name() + "] " + KubeletFiles.CONFIG_PATH
                        + " is missing; run the kubelet-start phase first")), StandardCharsets.UTF_8);
        return new UploadConfig(ctx.admin()).upload(ctx.config().clusterConfigurationYaml(), kubelet);
    }
}
