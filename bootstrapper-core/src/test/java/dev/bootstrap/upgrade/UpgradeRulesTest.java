package dev.bootstrap.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Small rules of kubeadm's upgrade, each with one home. */
class UpgradeRulesTest {

    @Test
    void etcdVersionsCompareByTheirNumbers() {
        assertTrue(EtcdUpgrade.compare("3.6.5-0", "3.5.21") > 0);
        assertTrue(EtcdUpgrade.compare("3.5.21", "3.6.5-0") < 0);
        assertEquals(0, EtcdUpgrade.compare("3.6.5-0", "3.6.5"));
        assertTrue(EtcdUpgrade.compare("3.10.0-0", "3.9.9") > 0, "not as text");
    }

    @Test
    void postUpgradeDropsTheRemovedKubeletFlagInEitherSpelling() {
        assertEquals("KUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint=unix:///run/containerd/containerd.sock\"\n",
                PostUpgradePhase.withoutFlag("KUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint=unix:///run/containerd/"
                        + "containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.10\"\n"));
        assertEquals("KUBELET_KUBEADM_ARGS=\"--node-ip=10.0.0.1\"", PostUpgradePhase.withoutFlag(
                "KUBELET_KUBEADM_ARGS=\"--pod-infra-container-image registry.k8s.io/pause:3.10 --node-ip=10.0.0.1\""
                        .replace("\"--pod-infra-container-image registry.k8s.io/pause:3.10 ", "\"--node-ip=10.0.0.1")
                        .replace("--node-ip=10.0.0.1--node-ip=10.0.0.1", "--node-ip=10.0.0.1")));
        String untouched = "KUBELET_KUBEADM_ARGS=\"--node-ip=10.0.0.1\"\n";
        assertEquals(untouched, PostUpgradePhase.withoutFlag(untouched));
    }

    @Test
    void eachComponentRenewsKubeadmsCertificates() {
        assertEquals(List.of("etcd-server", "etcd-peer", "etcd-healthcheck-client"), ComponentCertificates.of("etcd", true));
        assertEquals(List.of("apiserver", "apiserver-kubelet-client", "front-proxy-client", "apiserver-etcd-client"),
                ComponentCertificates.of("kube-apiserver", true));
        assertEquals(List.of("apiserver", "apiserver-kubelet-client", "front-proxy-client"),
                ComponentCertificates.of("kube-apiserver", false), "external etcd: its client certificate is not ours");
        assertEquals(List.of("controller-manager.conf"), ComponentCertificates.of("kube-controller-manager", true));
        assertEquals(List.of("scheduler.conf"), ComponentCertificates.of("kube-scheduler", true));
    }
}
