package dev.bootstrap.host.ssh;

import dev.bootstrap.host.HostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What {@code bootstrap preflight --connect-only} reports per host: can we connect, how we got in,
 * whether we get root (and how), the OS and the kernel. The facts come from ONE batched command.
 */
public final class ConnectionProbe {

    /**
     * One host's answer. When {@code reachable} is false only {@code error} is set.
     *
     * @param sudo "root", "sudo (passwordless)", "sudo (password)", or "no: ..." saying what is missing
     */
    public record Report(String host, boolean reachable, String authMethod, String sudo, boolean sudoOk, String os,
            String osId, String kernel, String error) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final SshConnector connector;

    public ConnectionProbe(SshConnector connector) {
        this.connector = connector;
    }

    /** Probes all hosts in parallel; reports come back in the order of {@code targets}. */
    public List<Report> probeAll(List<String> targets) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(targets.size(), 16)));
        try {
            List<Future<Report>> futures = new ArrayList<>();
            for (String t : targets) {
                futures.add(pool.submit(() -> probe(t)));
            }
            List<Report> reports = new ArrayList<>();
            for (Future<Report> f : futures) {
                reports.add(f.get());
            }
            return reports;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing hosts", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("probing failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    public Report probe(String target) {
        try (SshHost host = connector.connect(target)) {
            return probe(host);
        } catch (HostException e) {
            return new Report(target, false, null, null, false, null, null, null, e.getMessage());
        }
    }

    /** Gathers the facts of a connected host in one command. */
    public static Report probe(SshHost host) {
        boolean root = host.loggedInAsRoot();
        Optional<char[]> password = root ? Optional.empty() : sudoPassword(host);
        String script = factsScript(password.isPresent());
        byte[] stdin = password.map(p -> (new String(p) + "\n").getBytes(StandardCharsets.UTF_8)).orElse(null);
        SshHost.Raw r = host.exec(script, stdin, TIMEOUT);
        if (r.exit() != 0) {
            return new Report(host.name(), true, host.authMethod(), null, false, null, null, null,
                    "fact gathering failed (" + (r.timedOut() ? "timed out" : "exit " + r.exit()) + "): "
                            + new String(r.stderr(), StandardCharsets.UTF_8).strip());
        }
        Map<String, String> facts = parse(new String(r.stdout(), StandardCharsets.UTF_8));
        String sudoFact = facts.getOrDefault("sudo", "");
        String sudo = switch (sudoFact) {
            case "root" -> "root";
            case "nopasswd" -> "sudo (passwordless)";
            case "password" -> "sudo (password)";
            case "missing" -> "no: sudo is not installed; connect as root";
            case "badpassword" -> "no: the given sudo password was refused";
            default -> "no: sudo needs a password; give it with --sudo-password-env NAME";
        };
        boolean ok = sudoFact.equals("root") || sudoFact.equals("nopasswd") || sudoFact.equals("password");
        return new Report(host.name(), true, host.authMethod(), sudo, ok, facts.get("os_pretty"), facts.get("os_id"),
                facts.get("kernel"), null);
    }

    private static Optional<char[]> sudoPassword(SshHost host) {
        try {
            return host.sudoPasswordIfGiven();
        } catch (HostException e) {
            return Optional.empty();
        }
    }

    /** key=value lines; sudo is checked with -n first, then (only if given) with the password on stdin. */
    static String factsScript(boolean withPassword) {
        return "echo \"kernel=$(uname -r)\"; "
                + "if [ -r /etc/os-release ]; then (. /etc/os-release; echo \"os_id=${ID:-}\"; "
                + "echo \"os_pretty=${PRETTY_NAME:-}\"); fi; "
                + "if [ \"$(id -u)\" = 0 ]; then echo sudo=root; "
                + "elif ! command -v sudo >/dev/null 2>&1; then echo sudo=missing; "
                + "elif sudo -n true 2>/dev/null; then echo sudo=nopasswd; "
                + (withPassword
                        ? "elif sudo -k -S -p '' true 2>/dev/null; then echo sudo=password; else echo sudo=badpassword; "
                        : "else echo sudo=needs-password; ")
                + "fi";
    }

    static Map<String, String> parse(String output) {
        Map<String, String> facts = new HashMap<>();
        output.lines().forEach(l -> {
            int eq = l.indexOf('=');
            if (eq > 0) {
                facts.put(l.substring(0, eq), l.substring(eq + 1).strip());
            }
        });
        return facts;
    }
}
