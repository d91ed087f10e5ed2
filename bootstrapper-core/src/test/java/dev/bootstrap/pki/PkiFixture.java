package dev.bootstrap.pki;

import dev.bootstrap.host.LocalHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A PKI generated into a temporary rootfs, with the configuration the tests check against. */
final class PkiFixture {

    static final String CERT_DIR = "/etc/kubernetes/pki";
    static final NodeLayout LAYOUT = new NodeLayout(CERT_DIR);

    final Path rootfs;
    final LocalHost host;
    final PkiConfig config;

    PkiFixture(Path rootfs, PkiConfig config) {
        this.rootfs = rootfs;
        this.host = new LocalHost("testnode", rootfs);
        this.config = config;
    }

    /** A cluster-like configuration: control-plane endpoint, extra SANs (one a duplicate), etcd extras. */
    static PkiConfig config(KeyAlgorithm algorithm) {
        return PkiConfig.builder("node-1", "10.211.0.10")
                .controlPlaneEndpoint("api.example.test:6443")
                .apiServerCertSans(List.of("10.211.0.99", "extra.example.test", "10.96.0.1"))
                .etcdServerCertSans(List.of("etcd.example.test"))
                .etcdPeerCertSans(List.of("10.211.0.98"))
                .algorithm(algorithm)
                .start(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .build();
    }

    static PkiFixture generate(Path rootfs, PkiConfig config) {
        PkiFixture f = new PkiFixture(rootfs, config);
        f.run(config);
        return f;
    }

    List<PkiGenerator.Outcome> run(PkiConfig cfg) {
        return new PkiGenerator(host).generate(cfg, KubeadmCertificates.forConfig(cfg));
    }

    Path file(String nodePath) {
        return host.resolve(nodePath);
    }

    Path pki(String relative) {
        return host.resolve(CERT_DIR + "/" + relative);
    }

    /** Every regular file under the rootfs with its bytes and mtime, to prove nothing changed. */
    Map<String, Snapshot> snapshot() {
        Map<String, Snapshot> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(rootfs)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                out.put(rootfs.relativize(p).toString(),
                        new Snapshot(Files.readAllBytes(p), Files.getLastModifiedTime(p)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    record Snapshot(byte[] content, FileTime mtime) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Snapshot s && java.util.Arrays.equals(content, s.content) && mtime.equals(s.mtime);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(content);
        }

        @Override
        public String toString() {
            return content.length + " bytes, mtime " + mtime;
        }
    }
}
