package dev.bootstrap.host.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.xfer.InMemorySourceFile;

/**
 * Times SSH operations against a running lab and prints a table (run by scripts/bench-ssh.sh):
 * why writes go through stdin rather than SFTP, and what a connection and a command cost.
 */
public final class SshBenchmark {

    private static final int ROUNDS = 20;

    private interface Op {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path state = Path.of(args[0]);
        String address = Files.readAllLines(state.resolve("nodes")).get(0).split("\\s+")[1];
        SshConnectOptions options = SshConnectOptions.builder().user("root").identityFile(state.resolve("id_ed25519"))
                .knownHosts(state.resolve("known_hosts")).useAgent(false).build();
        SshConnector connector = new SshConnector(options, new SecretSource(Map.of(), null));
        System.out.printf("%-44s %10s %10s%n", "operation (" + ROUNDS + " rounds)", "median ms", "max ms");
        row("connect + key auth (new connection)", () -> connector.connect(address).close());
        try (SshHost host = connector.connect(address)) {
            row("run `true` on the open connection", () -> host.run("true", Duration.ofSeconds(10)));
            row("connect-only probe facts (one command)", () -> ConnectionProbe.probe(host));
            for (int size : new int[] {1024, 1024 * 1024}) {
                byte[] data = new byte[size];
                String label = size >= 1024 * 1024 ? size / (1024 * 1024) + " MiB" : size / 1024 + " KiB";
                row("writeFile " + label + " via stdin (cat, mv)",
                        () -> host.writeFile("/var/tmp/bench-stdin", data, 0600));
                row("SFTP " + label + " (put temp, chmod, rename)", () -> sftpWrite(host, "/var/tmp/bench-sftp", data));
            }
            try (SshHost lab = new SshConnector(options.toBuilder().user("lab").build(),
                    new SecretSource(Map.of(), null)).connect(address)) {
                row("writeFile 1 KiB via stdin as lab (sudo -n)",
                        () -> lab.writeFile("/var/tmp/bench-sudo", new byte[1024], 0600));
            }
        }
    }

    /** The SFTP way (root only: SFTP cannot go through sudo): new channel, temp file, chmod, rename. */
    private static void sftpWrite(SshHost host, String path, byte[] data) throws Exception {
        try (SFTPClient sftp = host.client().newSFTPClient()) {
            String tmp = path + ".tmp";
            sftp.put(new InMemorySourceFile() {
                @Override
                public String getName() {
                    return "bench";
                }

                @Override
                public long getLength() {
                    return data.length;
                }

                @Override
                public java.io.InputStream getInputStream() {
                    return new java.io.ByteArrayInputStream(data);
                }
            }, tmp);
            sftp.chmod(tmp, 0600);
            sftp.rename(tmp, path, java.util.EnumSet.of(net.schmizz.sshj.sftp.RenameFlags.OVERWRITE));
        }
    }

    private static void row(String name, Op op) throws Exception {
        op.run(); // warm-up
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            long t = System.nanoTime();
            op.run();
            micros.add((System.nanoTime() - t) / 1000);
        }
        Collections.sort(micros);
        System.out.printf("%-44s %10.1f %10.1f%n", name, micros.get(ROUNDS / 2) / 1000.0,
                micros.get(ROUNDS - 1) / 1000.0);
    }
}
