package dev.bootstrap.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.nodefiles.CertificateFiles;
import dev.bootstrap.testing.Requirements;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * apiserver-kubelet-client.crt as openssl reads it, made from a configuration of each release around the change
 * that dropped its Organization (kubernetes#138957 and its cherry-picks; docs/kubeadm-compat.md).
 */
class KubeletClientSubjectTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "v1.34.9|subject=O = kubeadm:cluster-admins, CN = kube-apiserver-kubelet-client",
            "v1.35.4|subject=O = kubeadm:cluster-admins, CN = kube-apiserver-kubelet-client",
            "v1.35.5|subject=CN = kube-apiserver-kubelet-client",
            "v1.36.0|subject=O = kubeadm:cluster-admins, CN = kube-apiserver-kubelet-client",
            "v1.36.1|subject=CN = kube-apiserver-kubelet-client",
            "v1.37.0|subject=CN = kube-apiserver-kubelet-client",
            "v1.37.1|subject=CN = kube-apiserver-kubelet-client"})
    void opensslShowsTheSubjectOfEachRelease(String version, String subject, @TempDir Path root) {
        Requirements.requireTool("openssl");
        KubeadmConfig config = KubeadmConfigReader.readInit("c.yaml", "apiVersion: kubeadm.k8s.io/v1beta4\n"
                + "kind: ClusterConfiguration\nkubernetesVersion: " + version + "\n", InitFlags.NONE)
                .forNode("cp1", "10.211.0.11");
        PkiConfig pki = CertificateFiles.pkiConfig(config).toBuilder().algorithm(KeyAlgorithm.parse("ECDSA-P256")).build();
        PkiFixture fixture = new PkiFixture(root, pki);
        new PkiGenerator(fixture.host).generate(pki, List.of(KubeadmCertificates.byName("ca"),
                KubeadmCertificates.APISERVER_KUBELET_CLIENT));
        assertEquals(subject, Tool.ok(null, "openssl", "x509", "-noout", "-subject", "-in",
                fixture.pki("apiserver-kubelet-client.crt").toString()).strip());
    }
}
