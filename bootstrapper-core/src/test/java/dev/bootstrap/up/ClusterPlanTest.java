package dev.bootstrap.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.cluster.ClusterFileReader;
import dev.bootstrap.host.HostException;
import dev.bootstrap.host.HostResolver;
import dev.bootstrap.host.LocalHost;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.PkiConfig;
import dev.bootstrap.pki.PkiGenerator;
import dev.bootstrap.state.Journal;
import dev.bootstrap.testing.ClusterFiles;
import java.nio.file.Files;
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

    @Test
    void aDamagedJournalIsNamedAndLeftInPlaceAndAnUnreachableNodeIsNamed(@TempDir Path dir) throws Exception {
        ClusterFile two = ClusterFileReader.read("cluster.yaml", ClusterFiles.ONE_CONTROL_PLANE + """
                    - name: w1
                      address: 10.211.0.21
                      role: worker
                """, Map.of());
        LocalHost cp1 = new LocalHost("cp1", dir);
        Path journal = dir.resolve(Journal.DEFAULT_PATH.substring(1));
        Files.createDirectories(journal.getParent());
        Files.writeString(journal, "garbage");
        HostResolver hosts = name -> {
            if (name.equals("cp1")) {
                return cp1;
            }
            throw new HostException(name, "connection refused");
        };

        ClusterPlan.Result plan = new ClusterPlan().plan(two, hosts, Duration.ofMinutes(1), Instant.now());
        assertEquals(List.of("init", "journal"), plan.nodes().get(0).actions().stream().map(ClusterPlan.Action::what)
                .toList());
        assertTrue(plan.nodes().get(0).actions().get(1).why().startsWith("the journal " + Journal.DEFAULT_PATH
                + " on cp1 is unreadable (Unrecognized token 'garbage'"), plan.toString());
        assertEquals("garbage", Files.readString(journal), "plan changes nothing");
        assertEquals(List.of("w1"), plan.unreachable());
        assertFalse(plan.converged());
    }
}
