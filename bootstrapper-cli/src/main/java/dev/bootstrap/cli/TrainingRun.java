package dev.bootstrap.cli;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.bootstrap.host.LocalHost;
import dev.bootstrap.http.HttpCall;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.pki.PkiFile;
import dev.bootstrap.pki.TlsContexts;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The launcher's training runs (bin/bootstrap, before the first run of a kind of command after a build): a
 * class-data archive or AOT cache holds the classes its training JVM loaded, and a start pays for every class
 * its cache holds, so each kind of command gets a cache trained on what that kind starts with. All in one JVM,
 * inside {@code args[0]} (a scratch directory the launcher removes); {@code args[1]} is the kind:
 * <ul>
 * <li>{@code short}: {@code version} and the help of the whole command tree;</li>
 * <li>{@code certs}: the PKI (ECDSA and RSA) and the kubeconfig files, as {@code init phase certs|kubeconfig},
 * {@code certs} and {@code kubeconfig} run them;</li>
 * <li>{@code full} (every other command): that, a dry-run init (configuration, templates, manifests, preflight),
 * the API client and our blocking HTTP client (discovery, health checks, etcd) talking TLS to a local HTTPS server
 * that stands in for an API server, the SSH client up to its connection attempt (a handshake would need a
 * server), and by name the classes of what it cannot run (training-classes.txt).</li>
 * </ul>
 */
public final class TrainingRun {

    private static final byte[] EMPTY_LIST = "{\"kind\":\"SecretList\",\"apiVersion\":\"v1\",\"metadata\":{},\"items\":[]}"
            .getBytes(StandardCharsets.UTF_8);

    private TrainingRun() {
    }

    public static void main(String[] args) throws Exception {
        Path scratch = Path.of(args[0]);
        String kind = args[1];
        // The dry run's directory goes into the scratch directory too.
        System.setProperty("java.io.tmpdir", scratch.toString());
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        switch (kind) {
            case "short" -> {
                Main.execute("version", "-o", "json");
                Main.execute("--help");
            }
            case "certs" -> certs(scratch);
            case "full" -> {
                certs(scratch);
                initAndApi(scratch);
                sshClient();
                loadListed();
            }
            default -> throw new IllegalArgumentException("unknown kind of command " + kind
                    + " (short, certs, full)");
        }
        System.exit(0);
    }

    private static final String[] NODE = {"--node-name", "training", "--apiserver-advertise-address", "127.0.0.1"};

    /** Both key algorithms' paths, and the kubeconfig files signed with the CA. */
    private static void certs(Path scratch) {
        for (String algorithm : List.of("ECDSA-P256", "RSA-2048")) {
            Main.execute(concat(new String[] {"init", "phase", "certs", "all", "--encryption-algorithm", algorithm,
                "--cert-dir", scratch.resolve(algorithm).toString()}, NODE));
        }
        String root = scratch.resolve("kubeconfig").toString();
        Main.execute(concat(new String[] {"init", "phase", "certs", "all", "--encryption-algorithm", "ECDSA-P256",
            "--rootfs", root}, NODE));
        Main.execute(concat(new String[] {"init", "phase", "kubeconfig", "all", "--rootfs", root}, NODE));
    }

    private static void initAndApi(Path scratch) throws Exception {
        Main.execute(concat(new String[] {"init", "--dry-run", "--ignore-preflight-errors=all"}, NODE));
        String root = scratch.resolve("root").toString();
        Main.execute(concat(new String[] {"init", "phase", "certs", "all", "--encryption-algorithm", "ECDSA-P256",
            "--rootfs", root}, NODE));
        LocalHost rootfs = new LocalHost("training", Path.of(root));
        HttpsServer api = apiServer(new PkiFile(rootfs, NodeLayout.DEFAULT, KubeadmCertificates.APISERVER));
        try {
            Main.execute(concat(new String[] {"init", "phase", "kubeconfig", "--rootfs", root, "--apiserver-bind-port",
                String.valueOf(api.getAddress().getPort())}, NODE));
            Main.execute("token", "list", "--rootfs", root);
            Main.execute("token", "list", "--rootfs", root, "-o", "json");
            X509Certificate ca = new PkiFile(rootfs, NodeLayout.DEFAULT, KubeadmCertificates.CA).readCertificate()
                    .orElseThrow();
            new HttpCall(TlsContexts.trusting(List.of(ca)), Duration.ofSeconds(5), Duration.ofSeconds(5))
                    .get(URI.create("https://127.0.0.1:" + api.getAddress().getPort() + "/healthz"), Map.of());
        } finally {
            api.stop(0);
        }
    }

    /**
     * The classes real runs load that running code here cannot reach (an SSH handshake, up's API calls),
     * by name from training-classes.txt (scripts/training-classes.sh): loaded, they go into the archive too.
     */
    private static void loadListed() throws java.io.IOException {
        ClassLoader loader = TrainingRun.class.getClassLoader();
        try (var in = TrainingRun.class.getResourceAsStream("training-classes.txt")) {
            if (in == null) {
                return;
            }
            for (String name : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (name.isBlank() || name.startsWith("#")) {
                    continue;
                }
                try {
                    Class.forName(name.strip(), false, loader);
                } catch (ClassNotFoundException | LinkageError gone) {
                    // renamed or removed since the list was made: only speed is lost
                }
            }
        }
    }

    /** The SSH client's configuration (ciphers, key exchanges, the BouncyCastle provider) and a refused connect. */
    private static void sshClient() throws Exception {
        int closed;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        try (net.schmizz.sshj.SSHClient client = new net.schmizz.sshj.SSHClient(new net.schmizz.sshj.DefaultConfig())) {
            client.setConnectTimeout(1000);
            client.connect(InetAddress.getLoopbackAddress(), closed);
        } catch (java.io.IOException refused) {
            // expected: nothing listens there
        }
    }

    /** Answers every request with an empty list, over TLS with the apiserver certificate just made. */
    private static HttpsServer apiServer(PkiFile apiserver) throws Exception {
        PrivateKey key = apiserver.readKey().orElseThrow();
        Certificate cert = apiserver.readCertificate().orElseThrow();
        char[] password = "training".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("apiserver", key, password, new Certificate[] {cert});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, EMPTY_LIST.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(EMPTY_LIST);
            }
        });
        server.start();
        return server;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
