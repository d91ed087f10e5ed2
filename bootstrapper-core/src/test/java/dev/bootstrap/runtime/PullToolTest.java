package dev.bootstrap.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PullToolTest {

    @Test
    void crictlPullsOverTheCriEndpointAsKubeadmDoes() {
        PullTool crictl = PullTool.crictl("unix:///run/containerd/containerd.sock");
        assertTrue(crictl.viaCri());
        assertEquals("crictl --runtime-endpoint unix:///run/containerd/containerd.sock pull registry.k8s.io/pause:3.10.2",
                crictl.pull("registry.k8s.io/pause:3.10.2"));
    }

    /** ctr 1.x dials a path, not a URL; k8s.io is the CRI plugin's namespace; the hosts dir holds the mirrors. */
    @Test
    void ctrPullsIntoTheKubeletsNamespaceWithTheMirrorsOfTheHostsDirectory() {
        PullTool ctr = PullTool.ctr("unix:///tmp/a dir/containerd.sock", "/etc/containerd/certs.d");
        assertFalse(ctr.viaCri());
        assertEquals("ctr -n k8s.io --address '/tmp/a dir/containerd.sock' images pull --hosts-dir "
                + "/etc/containerd/certs.d registry.k8s.io/pause:3.10.2", ctr.pull("registry.k8s.io/pause:3.10.2"));
    }
}
