package dev.bootstrap.host.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostTargetTest {

    @Test
    void parsesTheForms() {
        assertEquals(new HostTarget(null, "node1", null), HostTarget.parse("node1"));
        assertEquals(new HostTarget("ubuntu", "10.0.0.5", null), HostTarget.parse("ubuntu@10.0.0.5"));
        assertEquals(new HostTarget("root", "m1.example.com", 2222), HostTarget.parse("root@m1.example.com:2222"));
        assertEquals(new HostTarget(null, "fd00::2", 22), HostTarget.parse("[fd00::2]:22"));
        assertEquals(new HostTarget("u", "fd00::2", null), HostTarget.parse("u@[fd00::2]"));
        assertEquals("u@[fd00::2]:22", HostTarget.parse("u@[fd00::2]:22").toString());
        assertEquals("root@h:2", HostTarget.parse("root@h:2").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "node1;touch /tmp/x", "$(reboot)", "a b", "host:0", "host:70000", "host:x",
        "us'er@host", "@host", "host`id`", "host\nid"})
    void refusesWhatIsNotATarget(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostTarget.parse(text));
        assertTrue(e.getMessage().contains("host target") || e.getMessage().contains("port"), e.getMessage());
    }
}
