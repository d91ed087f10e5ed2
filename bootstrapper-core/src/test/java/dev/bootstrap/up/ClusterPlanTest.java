package dev.bootstrap.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.cluster.ClusterFileReader;
import dev.bootstrap.host.LocalHost;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.PkiConfig;
import dev.bootstrap.pki.PkiGenerator;
import dev.bootstrap.testing.ClusterFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterPlanTest {

    private static final ClusterFile FILE = ClusterFileReader.read("cluster.yaml", ClusterFiles.ONE_CONTROL_PLANE,
            Map.of());

    @Test
    void certificatesExpiringWithin30DaysAreNamedWithTheCommandThatRenewsThem(@TempDir Path dir) {
        LocalHost host = new LocalHost("cp1", dir);
        Instant start = Instant.now().minus(Duration.ofDays(340));
        // Leaves made 340 days ago for a year: 25 days left. The CAs (10 years) are fine.
        PkiConfig pki = PkiConfig.defaults("cp1", "10.211.0.11").toBuilder().start(start).build();
        new PkiGenerator(host).generate(pki, KubeadmCertificates.forConfig(pki));

        List<ClusterPlan.Action> actions = new ArrayList<>();
        ClusterPlan.expiring(host, FILE, Instant.now(), actions);
        assertTrue(actions.stream().allMatch(a -> a.what().equals("renew")), actions.toString());
        assertTrue(actions.stream().anyMatch(a -> a.why().startsWith("certificate apiserver expires ")
                && a.why().endsWith("(in 24d): run 'bootstrap certs renew apiserver' on cp1")), actions.toString());
        assertTrue(actions.stream().noneMatch(a -> a.why().startsWith("certificate ca ")), actions.toString());

        List<ClusterPlan.Action> later = new ArrayList<>();
        ClusterPlan.expiring(host, FILE, Instant.now().minus(Duration.ofDays(10)), later);
        assertEquals(List.of(), later, "40 days before expiry nothing is due");
    }
}
