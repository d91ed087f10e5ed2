package dev.bootstrap.state;

import dev.bootstrap.host.Host;
import dev.bootstrap.host.LocalHost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An orchestrator to be SIGKILLed by {@link JournalTest}: runs numbered steps that each write a
 * file and then record themselves, the way `up` uses the journal.
 *
 * <p>Arguments: rootfs, then "pause-after-effects N" (stop for good after step N's effects, before
 * its journal entry) or "forever" (resume, then record steps as fast as it can until killed).
 */
public final class JournalChild {

    private JournalChild() {
    }

    public static void main(String[] args) throws Exception {
        Host host = new LocalHost("cp1", Path.of(args[0]));
        Journal journal = new Journal();
        if (args[1].equals("forever")) {
            System.out.println("started");
            System.out.flush();
            for (int i = 0; ; i++) {
                if (!journal.isDone(host, "step-" + i, "inputs-v1")) {
                    runStep(host, journal, "step-" + i, () -> { });
                }
            }
        }
        int pauseAt = Integer.parseInt(args[2]);
        runSteps(host, journal, 3, pauseAt);
    }

    /** Runs steps 1..count, skipping those the journal says are done; returns the ones it ran. */
    static List<String> runSteps(Host host, Journal journal, int count, int pauseAfterEffectsOf) {
        List<String> ran = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            String step = "step-" + n;
            if (journal.isDone(host, step, "inputs-v1")) {
                continue;
            }
            int current = n;
            runStep(host, journal, step, () -> {
                if (current == pauseAfterEffectsOf) {
                    pause("effects " + step);
                }
            });
            ran.add(step);
        }
        return ran;
    }

    private static void runStep(Host host, Journal journal, String step, Runnable afterEffects) {
        String file = "/etc/kubernetes/steps/" + step;
        byte[] content = ("written by " + step + "\n").getBytes(StandardCharsets.UTF_8);
        host.writeFile(file, content, 0644);
        afterEffects.run();
        journal.completed(host, step, "inputs-v1", Map.of(file, Journal.sha256(content)));
    }

    private static void pause(String announce) {
        System.out.println(announce);
        System.out.flush();
        try {
            Thread.sleep(600_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
