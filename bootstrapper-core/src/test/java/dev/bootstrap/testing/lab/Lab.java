package dev.bootstrap.testing.lab;

import dev.bootstrap.host.ssh.SshConnectOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A running lab brought up by scripts/lab.sh: N nodes, each with a real sshd, reachable as root
 * with {@link #rootKey()}, as "lab" (passwordless sudo) and "labpw" (sudo with
 * {@link #labpwPassword()}) with the same key. {@link #knownHosts()} holds every node's host keys.
 */
public final class Lab implements AutoCloseable {

    public static final String NONROOT_USER = "lab";
    public static final String PASSWORD_SUDO_USER = "labpw";

    private final String name;
    private final Path script;
    private final Path stateDir;
    private final List<LabNode> nodes;

    private Lab(String name, Path script, Path stateDir, List<LabNode> nodes) {
        this.name = name;
        this.script = script;
        this.stateDir = stateDir;
        this.nodes = List.copyOf(nodes);
    }

    /** Brings a lab up (replacing a stale one of the same name); the caller must close it. */
    public static Lab up(String name, int nodeCount) {
        Path script = findScript();
        runScript(script, List.of("--name", name, "--owner", String.valueOf(ProcessHandle.current().pid()),
                "up", String.valueOf(nodeCount)));
        Path state = Path.of("/tmp/bootstrap-lab-" + name);
        List<LabNode> nodes = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(state.resolve("nodes"))) {
                String[] f = line.strip().split("\\s+");
                nodes.add(new LabNode(f[0], f[1]));
            }
        } catch (IOException e) {
            throw new IllegalStateException("lab " + name + " came up without a nodes file in " + state, e);
        }
        return new Lab(name, script, state, nodes);
    }

    /** Takes down labs whose owning JVM is gone (a killed test run). */
    static void collectGarbage() {
        runScript(findScript(), List.of("gc"));
    }

    public String name() {
        return name;
    }

    public List<LabNode> nodes() {
        return nodes;
    }

    /** node(1) is "node1". */
    public LabNode node(int index) {
        return nodes.get(index - 1);
    }

    public Path stateDir() {
        return stateDir;
    }

    /** The client private key every lab user accepts. */
    public Path rootKey() {
        return stateDir.resolve("id_ed25519");
    }

    /** A known_hosts file with every node's ed25519 and ECDSA host keys. */
    public Path knownHosts() {
        return stateDir.resolve("known_hosts");
    }

    public String labpwPassword() {
        try {
            return Files.readString(stateDir.resolve("labpw.password")).strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A node's host key public line ("ssh-ed25519 AAAA... node1"). */
    public String hostKey(LabNode node, String type) {
        try {
            return Files.readString(stateDir.resolve(node.name()).resolve("ssh_host_" + type + "_key.pub")).strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The lab's ssh config: aliases node1..nodeN with HostName, User root and the lab key (also for
     * people: {@code ssh -F <this> node1}).
     */
    public Path sshConfig() {
        return stateDir.resolve("ssh_config");
    }

    /**
     * Options that reach the lab as root with its key and known_hosts, no agent, quick failure; the
     * lab's ssh config keeps the user's own ~/.ssh/config out of the tests.
     */
    public SshConnectOptions.Builder sshOptions() {
        return SshConnectOptions.builder()
                .sshConfig(sshConfig())
                .user("root")
                .identityFile(rootKey())
                .knownHosts(knownHosts())
                .useAgent(false)
                .connectTimeout(Duration.ofSeconds(5))
                .connectAttempts(1);
    }

    /**
     * Runs a command on a node as root with OpenSSH's own client (independent of the code under
     * test), returning stdout; fails on a non-zero exit.
     */
    public String ssh(LabNode node, String command) {
        return runScript(script, List.of("--name", name, "ssh", node.name(), command));
    }

    /** Polls until the shell condition holds on the node; fails naming it after {@code timeout}. */
    public void await(LabNode node, String condition, Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        while (!ssh(node, "if " + condition + "; then echo yes; fi").strip().equals("yes")) {
            if (System.nanoTime() > until) {
                throw new AssertionError(node.name() + ": not within " + timeout.toSeconds() + " s: " + condition);
            }
        }
    }

    /** The network namespace of a node ("blab0node1"). */
    public String netns(LabNode node) {
        try {
            return "blab" + Files.readString(stateDir.resolve("slot")).strip() + node.name();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This machine's end of a node's link ("blab0n1"): a qdisc on it shapes what is sent to the node. */
    public String hostLink(LabNode node) {
        return netns(node).replace(node.name(), "n" + node.name().substring("node".length()));
    }

    /** The host side address of the lab bridge (where connections from this machine come from). */
    public String bridgeAddress() {
        String a = nodes.get(0).address();
        int base = Integer.parseInt(a.substring(a.lastIndexOf('.') + 1)) - 11;
        return a.substring(0, a.lastIndexOf('.') + 1) + (base + 1);
    }

    /**
     * Cuts a node off from this machine (it can no longer answer the bridge address), while the
     * other nodes still reach it: only a bastion can get in. Undone by {@link #reconnectToHost}.
     */
    public void isolateFromHost(LabNode node) {
        LocalCommand.run(List.of("ip", "-n", netns(node), "route", "add", "prohibit", bridgeAddress() + "/32"));
    }

    public void reconnectToHost(LabNode node) {
        LocalCommand.run(List.of("ip", "-n", netns(node), "route", "del", "prohibit", bridgeAddress() + "/32"));
    }

    /** Adds a public key line to a user's authorized_keys on a node. */
    public void authorize(LabNode node, String user, String publicKeyLine) {
        String home = user.equals("root") ? "/root" : "/home/" + user;
        ssh(node, "echo " + dev.bootstrap.host.Shell.quote(publicKeyLine.strip()) + " >> " + home
                + "/.ssh/authorized_keys");
    }

    @Override
    public void close() {
        runScript(script, List.of("--name", name, "down"));
    }

    private static String runScript(Path script, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(script.toString());
        cmd.addAll(args);
        return LocalCommand.run(cmd);
    }

    /** scripts/lab.sh of this checkout, found from the working directory upwards. */
    static Path findScript() {
        return projectScript("lab.sh");
    }

    /** scripts/NAME of this checkout, found from the working directory upwards. */
    public static Path projectScript(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("scripts").resolve(name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException("scripts/" + name + " not found above " + Path.of("").toAbsolutePath());
    }
}
