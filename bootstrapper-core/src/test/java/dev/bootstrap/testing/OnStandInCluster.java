package dev.bootstrap.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of tests against the API STAND-IN: each test gets a fresh {@link StandInCluster} (the fabric8
 * CRUD mock behind our apiserver certificate, its files under a temporary rootfs) and a direct client.
 */
public abstract class OnStandInCluster {

    @TempDir
    protected Path rootfs;

    protected StandInCluster cluster;
    protected KubernetesClient direct;

    @BeforeEach
    protected void startStandIn() throws Exception {
        cluster = new StandInCluster(rootfs);
        direct = cluster.direct();
    }

    @AfterEach
    protected void stopStandIn() {
        direct.close();
        cluster.close();
    }
}
