package dev.bootstrap.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.host.ConnectionLostException;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostException;
import dev.bootstrap.host.HostResolver;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A step whose connection is lost on every attempt stops after a bounded number of them, saying what to do. */
class FlushedStepTest {

    @Test
    void aConnectionLostOnEveryAttemptFailsTheNodeAfterThreeAttemptsAndTwoReconnects() {
        AtomicInteger reconnects = new AtomicInteger();
        HostResolver hosts = new HostResolver() {
            @Override
            public Host resolve(String target) {
                throw new AssertionError("the step never reaches the host");
            }

            @Override
            public boolean reconnect(String target) {
                reconnects.incrementAndGet();
                return true;
            }
        };
        AlwaysLost step = new AlwaysLost();
        UpNode w1 = new UpNode(UpRuns.TWO_NODES.workers().get(0), UpRuns.of(hosts), false);

        HostException failed = assertThrows(HostException.class, () -> new FlushedStep(step).run(w1));

        assertEquals(FlushedStep.ATTEMPTS, step.attempts.get());
        assertEquals(FlushedStep.ATTEMPTS - 1, reconnects.get(), "a new connection before each attempt but the first");
        assertEquals("w1", failed.host());
        String message = failed.getMessage();
        assertTrue(message.startsWith("[w1] the connection to w1 was lost 3 times during kubelet-start (Write the "
                + "kubelet's bootstrap files and start the kubelet); "), message);
        assertTrue(message.contains("check that w1 is up and reachable over SSH, then run `bootstrap up` again"),
                message);
        assertTrue(message.endsWith("while running: mkdir -p -- /var/lib/kubelet (Broken pipe)"), "the last loss: "
                + message);
        assertSame(step.lost, ConnectionLostException.in(failed).orElseThrow());
    }

    /** kubelet-start on a node whose connection drops under every command. */
    private static final class AlwaysLost implements Phase<UpNode> {

        final AtomicInteger attempts = new AtomicInteger();
        final ConnectionLostException lost = new ConnectionLostException("w1", "the connection to w1 was lost while "
                + "running: mkdir -p -- /var/lib/kubelet (Broken pipe)", new IOException("Broken pipe"));

        @Override
        public PhaseSpec spec() {
            return PhaseSpec.of("kubelet-start", "Write the kubelet's bootstrap files and start the kubelet");
        }

        @Override
        public Outcome run(UpNode node) {
            attempts.incrementAndGet();
            throw lost;
        }
    }
}
