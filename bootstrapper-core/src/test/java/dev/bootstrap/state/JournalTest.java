package dev.bootstrap.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.host.LocalHost;
import dev.bootstrap.testing.RecordingHost;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The journal on a LocalHost rootfs, with real sha256sum and real SIGKILLed orchestrator JVMs. */
class JournalTest {

    @TempDir
    Path rootfs;

    private LocalHost node() {
        return new LocalHost("cp1", rootfs);
    }

    /** The files' checksums as a step that wrote them records them (computed here, checked on the node on load). */
    private static Map<String, String> sums(LocalHost node, String... paths) {
        Map<String, String> sums = new TreeMap<>();
        for (String path : paths) {
            sums.put(path, Journal.sha256(node.readFile(path).orElseThrow()));
        }
        return sums;
    }

    private Path file(String nodePath) {
        return rootfs.resolve(nodePath.substring(1));
    }

    @Test
    void aNewRunSkipsStepsWhoseFilesMatchCheckingThemWithOneCommand() throws Exception {
        LocalHost node = node();
        Journal first = new Journal();
        node.writeFile("/etc/kubernetes/pki/ca.crt", "CA".getBytes(StandardCharsets.UTF_8), 0644);
        first.completed(node, "certs", "cfg-1", Map.of("/etc/kubernetes/pki/ca.crt", Journal.sha256("CA".getBytes())));
        node.writeFile("/etc/kubernetes/admin.conf", "kubeconfig".getBytes(StandardCharsets.UTF_8), 0600);
        node.writeFile("/etc/kubernetes/kubelet.conf", "kubelet".getBytes(StandardCharsets.UTF_8), 0600);
        first.completed(node, "kubeconfig", "cfg-1", sums(node, "/etc/kubernetes/admin.conf", "/etc/kubernetes/kubelet.conf"));
        first.completed(node, "mark-control-plane", "cfg-1", Map.of());

        RecordingHost again = new RecordingHost(node());
        Journal resumed = new Journal();
        assertTrue(resumed.isDone(again, "certs", "cfg-1"));
        assertTrue(resumed.isDone(again, "kubeconfig", "cfg-1"));
        assertTrue(resumed.isDone(again, "mark-control-plane", "cfg-1"));
        assertFalse(resumed.isDone(again, "addon", "cfg-1"));
        assertEquals("never completed", resumed.status(again, "addon", "cfg-1").reason());
        assertEquals(1, again.commands().size(), "one batched command: " + again.commands());
        assertTrue(again.commands().get(0).contains("sha256sum"));
        assertEquals(Journal.sha256("kubelet".getBytes()),
                resumed.entry(again, "kubeconfig").orElseThrow().files().get("/etc/kubernetes/kubelet.conf"),
                "the node's sha256sum agrees with Java's");

        assertFalse(resumed.isDone(again, "certs", "cfg-2"), "inputs changed");
        assertEquals("its inputs changed since it completed", resumed.status(again, "certs", "cfg-2").reason());
    }

    @Test
    void aChangedOrDeletedFileMakesItsStepRunAgain() throws Exception {
        LocalHost node = node();
        Journal first = new Journal();
        for (String f : List.of("a", "b")) {
            node.writeFile("/etc/kubernetes/" + f, f.getBytes(StandardCharsets.UTF_8), 0644);
        }
        first.completed(node, "step-a", "x", sums(node, "/etc/kubernetes/a"));
        first.completed(node, "step-b", "x", sums(node, "/etc/kubernetes/b"));
        first.completed(node, "step-both", "x", Map.of("/etc/kubernetes/a", Journal.sha256("a".getBytes()),
                "/etc/kubernetes/b", Journal.sha256("b".getBytes())));

        Files.writeString(file("/etc/kubernetes/a"), "edited by hand");
        Files.delete(file("/etc/kubernetes/b"));
        Journal resumed = new Journal();
        StepStatus a = resumed.status(node, "step-a", "x");
        assertFalse(a.done());
        assertEquals("changed or missing since it completed: /etc/kubernetes/a", a.reason());
        assertFalse(resumed.isDone(node, "step-b", "x"));
        assertEquals("changed or missing since it completed: /etc/kubernetes/a, /etc/kubernetes/b",
                resumed.status(node, "step-both", "x").reason());

        node.writeFile("/etc/kubernetes/b", "b".getBytes(StandardCharsets.UTF_8), 0644);
        resumed.completed(node, "step-b", "x", sums(node, "/etc/kubernetes/b"));
        assertTrue(resumed.isDone(node, "step-b", "x"), "re-run and recorded again");
        assertTrue(new Journal().isDone(node(), "step-b", "x"));
    }

    @Test
    void theJournalIsAPrivateJsonFileOnTheNode() throws Exception {
        LocalHost node = node();
        new Journal().completed(node, "certs", "x", Map.of("/etc/kubernetes/pki/ca.crt", "00"));
        Path journal = file(Journal.DEFAULT_PATH);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(journal)));
        assertEquals("cp1", JsonMapper.shared().readTree(Files.readString(journal)).path("host").asString());
    }

    @Test
    void aDamagedJournalIsSetAsideWithTheTimeAndTheNodeCountsAsOneWithoutAJournal() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-12-06T20:15:00Z"), ZoneOffset.UTC);
        Path journal = file(Journal.DEFAULT_PATH);
        Path aside = file(Journal.DEFAULT_PATH + ".damaged-20261206T201500Z");
        String truncated = "{\"format\": 1, \"steps\": {\"certs\": ";
        Files.createDirectories(journal.getParent());
        Files.writeString(journal, truncated);

        RecordingHost host = new RecordingHost(node());
        Journal resumed = new Journal(Journal.DEFAULT_PATH, clock);
        assertEquals("never completed", resumed.status(host, "certs", "x").reason());
        assertEquals(List.of("mv -f -- " + journal + " " + aside), host.commands(),
                "one command, instead of the checksums");
        assertFalse(Files.exists(journal));
        assertEquals(truncated, Files.readString(aside), "kept as it was");
        String warning = "the journal /etc/kubernetes/bootstrap/journal.json on cp1 is unreadable (Unexpected "
                + "end-of-input within/between Object entries), so it was set aside as "
                + "/etc/kubernetes/bootstrap/journal.json.damaged-20261206T201500Z; the node's steps ran as on a node "
                + "without a journal";
        assertEquals(Optional.of(warning), resumed.warning(host));
        assertEquals(List.of(warning), resumed.warnings());

        resumed.completed(host, "certs", "x", Map.of());
        assertTrue(new Journal().isDone(node(), "certs", "x"), "a new journal in its place");
        assertEquals(List.of(), new Journal().warnings());
    }

    @Test
    void anEmptyOrGarbageJournalIsDamagedTooAndReadOnlyItStaysWhereItIs() throws Exception {
        Path journal = file(Journal.DEFAULT_PATH);
        Files.createDirectories(journal.getParent());
        Map<String, String> problems = new java.util.LinkedHashMap<>();
        problems.put("", "empty");
        problems.put("\0\0\0\0", "Illegal character ((CTRL-CHAR, code 0)): only regular white space (\\r, \\n, "
                + "\\t) is allowed between tokens");
        problems.put("{\"format\": 2}", "unknown format 2");
        problems.put("{\"format\": 1, \"steps\": {\"certs\": {\"completed\": \"yesterday\"}}}",
                "Text 'yesterday' could not be parsed at index 0");
        for (Map.Entry<String, String> p : problems.entrySet()) {
            Files.writeString(journal, p.getKey());
            RecordingHost host = new RecordingHost(node());
            Journal plan = Journal.readOnly();
            assertFalse(plan.isDone(host, "certs", "x"));
            assertEquals(Optional.of("the journal /etc/kubernetes/bootstrap/journal.json on cp1 is unreadable ("
                    + p.getValue() + "): up sets it aside as /etc/kubernetes/bootstrap/journal.json.damaged-TIME "
                    + "and runs the node's steps as on a node without a journal"), plan.warning(host));
            assertEquals(List.of(), host.commands(), "read-only: nothing run");
            assertEquals(p.getKey(), Files.readString(journal));
            assertThrows(IllegalStateException.class, () -> plan.completed(host, "certs", "x", Map.of()));

            assertTrue(new Journal().warning(node()).orElseThrow().contains("(" + p.getValue() + "), so it was set aside"));
            assertFalse(Files.exists(journal));
        }
        try (var aside = Files.list(journal.getParent())) {
            assertTrue(aside.allMatch(f -> f.getFileName().toString().startsWith("journal.json.damaged-")));
        }
    }

    private Process child(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> argv = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                JournalChild.class.getName(), rootfs.toString()));
        argv.addAll(List.of(args));
        return new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static void awaitLine(Process p, String expected) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertEquals(expected, line, "child's announcement");
    }

    private static void sigkill(Process p) throws Exception {
        p.destroyForcibly();  // SIGKILL on Linux: no shutdown hooks, no finally blocks
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), "killed by SIGKILL");
    }

    @Test
    void anOrchestratorKilledBetweenAStepsEffectsAndItsRecordIsFinishedByTheNextRun() throws Exception {
        Process orchestrator = child("pause-after-effects", "2");
        try {
            awaitLine(orchestrator, "effects step-2");
        } finally {
            sigkill(orchestrator);
        }
        LocalHost node = node();
        assertTrue(Files.exists(file("/etc/kubernetes/steps/step-2")), "step 2's effects happened");
        Journal resumed = new Journal();
        assertTrue(resumed.isDone(node, "step-1", "inputs-v1"));
        assertEquals("never completed", resumed.status(node, "step-2", "inputs-v1").reason(),
                "effects without a record are not done");

        assertEquals(List.of("step-2", "step-3"), JournalChild.runSteps(node, resumed, 3, -1));
        assertEquals(List.of(), JournalChild.runSteps(node(), new Journal(), 3, -1), "a third run does nothing");

        Files.writeString(file("/etc/kubernetes/steps/step-1"), "tampered");
        Files.delete(file("/etc/kubernetes/steps/step-3"));
        assertEquals(List.of("step-1", "step-3"), JournalChild.runSteps(node(), new Journal(), 3, -1));
    }

    @Test
    void killedAtAnyMomentTheJournalOnTheNodeIsWholeAndRunsResumeWhereTheyStopped() throws Exception {
        int previous = 0;
        for (int round = 0; round < 4; round++) {
            Process orchestrator = child("forever");
            try {
                awaitLine(orchestrator, "started");
                Thread.sleep(ThreadLocalRandom.current().nextInt(50, 600));
            } finally {
                sigkill(orchestrator);
            }
            Journal after = new Journal();
            int done = 0;
            while (after.isDone(node(), "step-" + done, "inputs-v1")) {
                done++;
            }
            // Steps are recorded in order and each record is whole: nothing after the first missing one.
            for (int later = done + 1; later < done + 50; later++) {
                assertFalse(after.entry(node(), "step-" + later).isPresent(), "step-" + later);
            }
            assertTrue(done >= previous, "round " + round + ": " + done + " steps done, " + previous + " before");
            previous = done;
        }
        assertTrue(previous > 0, "the killed runs made progress");
    }
}
