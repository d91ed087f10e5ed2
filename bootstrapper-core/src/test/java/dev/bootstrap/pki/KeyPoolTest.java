package dev.bootstrap.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.host.LocalHost;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyPoolTest {

    @Test
    void handsOutEachKeyOnceOnlyForItsAlgorithm() throws Exception {
        try (KeyPool pool = KeyPool.prefetch(KeyAlgorithm.parse("ECDSA-P256"), 3, 2)) {
            assertTrue(pool.take(KeyAlgorithm.parse("RSA-2048")).isEmpty(), "another algorithm gets no key");
            List<KeyPair> keys = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                keys.add(pool.take(KeyAlgorithm.parse("ECDSA-P256")).orElseThrow().get());
            }
            assertTrue(pool.take(KeyAlgorithm.parse("ECDSA-P256")).isEmpty(), "three made, three handed out");
            assertEquals(3, keys.stream().map(k -> k.getPublic().getEncoded()).map(java.util.Arrays::toString)
                    .collect(Collectors.toSet()).size(), "all different");
            assertTrue(keys.stream().allMatch(k -> k.getPublic() instanceof ECPublicKey));
        }
    }

    /** The PKI made with keys from the pool is the same kubeadm set, each certificate with its own key. */
    @Test
    void thePkiTakesTheKeysMadeAhead(@TempDir Path dir) throws Exception {
        PkiConfig config = PkiConfig.defaults("cp1", "10.211.0.11").toBuilder().algorithm(KeyAlgorithm.parse("ECDSA-P256"))
                .build();
        int rows = KubeadmCertificates.forConfig(config).size();
        try (KeyPool pool = KeyPool.prefetch(config.algorithm(), rows, 2)) {
            new PkiGenerator(new LocalHost("cp1", dir), 2, pool).generate(config, KubeadmCertificates.forConfig(config));
            assertTrue(pool.take(config.algorithm()).isEmpty(), "every key made ahead was used");
        }
        LocalHost host = new LocalHost("cp1", dir);
        Set<String> publicKeys = KubeadmCertificates.forConfig(config).stream().filter(s -> s.kind() != CertSpec.Kind.KEY_PAIR)
                .map(s -> new PkiFile(host, config.layout(), s).readCertificate().orElseThrow().getPublicKey())
                .map(k -> java.util.Arrays.toString(k.getEncoded())).collect(Collectors.toSet());
        assertEquals(rows - 1, publicKeys.size(), "no key is used twice");
        assertNotEquals(0, publicKeys.size());
    }
}
