package dev.bootstrap.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sshj registers BouncyCastle as a JCA provider the first time it connects; after that PEM EC keys
 * decode as algorithm "ECDSA" while certificate keys stay "EC". An ECDSA CA must still load.
 */
class ProviderIndependenceTest {

    @TempDir
    Path rootfs;

    @Test
    void anEcdsaCaLoadsWithBouncyCastleRegistered() {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider()); // what sshj's SecurityUtils does
        }
        PkiFixture pki = PkiFixture.generate(rootfs, PkiFixture.config(KeyAlgorithm.ECDSA_P256));
        CertificateAuthority ca = CertificateAuthority.load(pki.host, PkiFixture.LAYOUT, KubeadmCertificates.CA);
        assertEquals("ECDSA", Pem.decodePrivateKey(pki.host.readFile(PkiFixture.CERT_DIR + "/ca.key").orElseThrow(),
                "ca.key").getAlgorithm(), "the situation this test is about");
        assertEquals("EC", ca.certificate().getPublicKey().getAlgorithm());
    }
}
