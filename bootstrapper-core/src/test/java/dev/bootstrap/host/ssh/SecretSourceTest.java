package dev.bootstrap.host.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretSourceTest {

    @Test
    void namedVariableWinsThenThePromptIsAskedOncePerPurpose() {
        List<String> asked = new ArrayList<>();
        SecretSource s = new SecretSource(Map.of("PW", "from-env"), q -> {
            asked.add(q);
            return Optional.of(("typed" + asked.size()).toCharArray());
        });
        assertArrayEquals("from-env".toCharArray(), s.secret("PW", "sudo lab", "q").orElseThrow());
        assertArrayEquals("typed1".toCharArray(), s.secret(null, "sudo lab", "sudo?").orElseThrow());
        assertArrayEquals("typed1".toCharArray(), s.secret("UNSET", "sudo lab", "sudo?").orElseThrow());
        assertArrayEquals("typed2".toCharArray(), s.secret(null, "key /k", "key?").orElseThrow());
        assertEquals(List.of("sudo?", "key?"), asked);
    }

    @Test
    void theObserverIsToldEverySecretHandedOutFromTheEnvironmentOrThePrompt() {
        List<String> told = new ArrayList<>();
        SecretSource s = new SecretSource(Map.of("PW", "from-env"), q -> Optional.of("typed".toCharArray()), told::add);
        s.secret("PW", "sudo", "q");
        s.secret(null, "key /k", "key?");
        assertEquals(List.of("from-env", "typed"), told);
    }

    @Test
    void withoutPromptNothingIsInvented() {
        SecretSource s = new SecretSource(Map.of(), null);
        assertTrue(s.secret("PW", "sudo", "q").isEmpty());
        assertTrue(s.env("SSH_AUTH_SOCK").isEmpty());
    }
}
