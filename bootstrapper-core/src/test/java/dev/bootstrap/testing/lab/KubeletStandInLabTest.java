package dev.bootstrap.testing.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The kubelet stand-in on a lab node behaves like a kubelet towards its manifests directory: on a
 * worker (no manifests) only the kubelet healthz runs; a manifest written after start gets its
 * component started, a changed manifest restarts it, a removed one stops it; stop leaves nothing.
 */
@ExtendWith(LabExtension.class)
@LabNodes(1)
class KubeletStandInLabTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String SCHEDULER = "/etc/kubernetes/manifests/kube-scheduler.yaml";

    @Test
    void startsStaticPodsWhoseManifestsAppearLaterAndStopsEverything(Lab lab) {
        LabNode node = lab.node(1);
        KubeletStandIn.install(lab, node);
        try {
            lab.ssh(node, KubeletStandIn.PATH + " start");
            assertEquals("ok", lab.ssh(node, "/usr/bin/python3 -c \"import urllib.request; print(urllib.request"
                    + ".urlopen('http://127.0.0.1:10248/healthz', timeout=5).read().decode())\"").strip());
            assertEquals("kubelet.pid watcher.pid", pids(lab, node), "a worker: the kubelet's healthz only");
            assertEquals("running", lab.ssh(node, KubeletStandIn.PATH + " status && echo running").strip());

            // A control-plane join writes manifests after the kubelet started.
            lab.ssh(node, "mkdir -p /etc/kubernetes/pki /etc/kubernetes/manifests && cd /etc/kubernetes/pki && "
                    + "openssl req -x509 -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -days 1 -subj /CN=lab "
                    + "-keyout apiserver.key -out apiserver.crt 2>/dev/null && printf 'spec:\\n  containers:\\n  - command:"
                    + "\\n    - kube-scheduler\\n' > " + SCHEDULER);
            lab.await(node, "ss -ltn | grep -q '127.0.0.1:10259 '", WAIT);
            String healthz = lab.ssh(node, "/usr/bin/python3 -c \"import ssl, urllib.request; print(urllib.request"
                    + ".urlopen('https://127.0.0.1:10259/healthz', context=ssl._create_unverified_context(), timeout=5)"
                    + ".read().decode())\"").strip();
            assertEquals("ok", healthz);
            String first = lab.ssh(node, "cat " + KubeletStandIn.STATE + "/kube-scheduler.pid").strip();

            lab.ssh(node, "echo '# changed' >> " + SCHEDULER);
            lab.await(node, "test \"$(cat " + KubeletStandIn.STATE + "/kube-scheduler.pid 2>/dev/null)\" != "
                    + first + " && ss -ltn | grep -q '127.0.0.1:10259 '", WAIT);
            assertNotEquals("running", lab.ssh(node, "kill -0 " + first + " 2>/dev/null && echo running || echo ended")
                    .strip(), "the old process ended when its manifest changed");

            lab.ssh(node, "rm " + SCHEDULER);
            // The watcher ends the process, then forgets its pid file: wait for both.
            lab.await(node, "! ss -ltn | grep -q '127.0.0.1:10259 ' && test ! -e " + KubeletStandIn.STATE
                    + "/kube-scheduler.pid", WAIT);
            assertEquals("kubelet.pid watcher.pid", pids(lab, node));

            String recorded = lab.ssh(node, "cat " + KubeletStandIn.STATE + "/*.pid").replace('\n', ' ').strip();
            KubeletStandIn.stop(lab, node);
            assertEquals("", pids(lab, node));
            assertEquals("", lab.ssh(node, "for p in " + recorded + "; do kill -0 $p 2>/dev/null && echo $p; done; true")
                    .strip(), "no process of the stand-in is left");
            assertEquals("stopped", lab.ssh(node, KubeletStandIn.PATH + " status || echo stopped").strip());
        } finally {
            KubeletStandIn.stop(lab, node);
        }
    }

    private static String pids(Lab lab, LabNode node) {
        return lab.ssh(node, "cd " + KubeletStandIn.STATE + " && ls *.pid 2>/dev/null | sort | tr '\\n' ' '").strip();
    }
}
