package dev.bootstrap.join;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.host.LocalHost;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.testing.JoinableStandInCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubelet writes kubelet.conf in place: a file seen empty or half-written is waited out, a bad one is not. */
class WaitBootstrapCompleteTest {

    @Test
    void aKubeletConfStillBeingWrittenIsWaitedForAndABadOneFails(@TempDir Path a, @TempDir Path rootfs) throws Exception {
        try (JoinableStandInCluster cluster = JoinableStandInCluster.start(a, "127.0.0.1", "127.0.0.1")) {
            LocalHost node = new LocalHost("n1", rootfs);
            node.writeFile(JoinableStandInCluster.KUBELET_CLIENT_PEM, cluster.kubeletClientPem("n1"), 0600);
            byte[] conf = cluster.kubeletConf("n1");
            Path onDisk = rootfs.resolve(NodeLayout.KUBELET_CONF.substring(1));
            Files.createDirectories(onDisk.getParent());
            // What a reader can see while the kubelet writes: the file created, then a first part of it.
            Files.write(onDisk, new byte[0]);
            CompletableFuture<Void> kubelet = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(300);
                    Files.write(onDisk, java.util.Arrays.copyOf(conf, conf.length / 2));
                    Thread.sleep(300);
                    Files.write(onDisk, conf);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            WaitBootstrapPhase.complete(node, cluster.caPem(), Duration.ofMillis(100));
            kubelet.join();
            assertTrue(JoinedNode.joined(node, cluster.caPem()));

            Files.write(onDisk, java.util.Arrays.copyOf(conf, conf.length / 2));
            JoinException bad = assertThrows(JoinException.class,
                    () -> WaitBootstrapPhase.complete(node, cluster.caPem(), Duration.ofMillis(100)));
            assertTrue(bad.getMessage().contains(NodeLayout.KUBELET_CONF), bad.getMessage());
        }
    }
}
