package dev.bootstrap.join;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bootstrap.config.NodeRegistration;
import dev.bootstrap.host.LocalHost;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.preflight.IgnoredErrors;
import dev.bootstrap.testing.RecordingHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A join asks the node for its host name and kubelet.conf only when nobody knows yet (up's preflight does). */
class JoinContextHostnameTest {

    @Test
    void whatIsKnownSavesTheRoundTrips(@TempDir Path root) {
        RecordingHost node = new RecordingHost(new LocalHost("node2", root));
        JoinContext known = context(node);
        known.osHostname("Node-2");
        assertEquals("Node-2", known.osHostname());
        assertEquals("node-2", known.nodeName(), "named as kubeadm names nodes");
        assertEquals(List.of(), node.commands());

        // Known not joined: the kubelet.conf there now (half-written, say) is not read.
        node.writeFile(NodeLayout.KUBELET_CONF, "apiVersion: v1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0600);
        known.joinedBefore(false);
        assertEquals(false, known.joinedBefore());

        JoinContext asked = context(node);
        assertEquals(new LocalHost().run("uname -n", Duration.ofSeconds(10)).stdout().strip(), asked.osHostname());
        assertEquals(List.of("uname -n"), node.commands());
    }

    private static JoinContext context(RecordingHost node) {
        JoinSettings settings = new JoinSettings(new NodeRegistration("", NodeRegistration.DEFAULT_CRI_SOCKET,
                List.of(), List.of(), List.of(), "IfNotPresent", true), NodeLayout.DEFAULT.caCert(),
                Duration.ofSeconds(5), Duration.ofSeconds(1), IgnoredErrors.parse(List.of()), false);
        return new JoinContext("node2", t -> node, null, settings, null, null, null);
    }
}
