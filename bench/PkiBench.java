import dev.bootstrap.host.LocalHost;
import dev.bootstrap.pki.KeyAlgorithm;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.PkiConfig;
import dev.bootstrap.pki.PkiGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * In-process half of bench/pki.sh: the full kubeadm set per algorithm, generated and written into a
 * fresh directory each time, after warm-up runs in the same JVM. Prints "ALGORITHM MEDIAN_MS MIN_MS".
 * Usage: java -cp <bootstrap classpath> bench/PkiBench.java REPS WARMUP ALGORITHM...
 */
public class PkiBench {
    public static void main(String[] args) throws Exception {
        int reps = Integer.parseInt(args[0]);
        int warmup = Integer.parseInt(args[1]);
        LocalHost host = new LocalHost();
        for (String name : Arrays.copyOfRange(args, 2, args.length)) {
            KeyAlgorithm algorithm = KeyAlgorithm.parse(name);
            long[] ms = new long[reps];
            for (int i = -warmup; i < reps; i++) {
                Path dir = Files.createTempDirectory("pki-bench-");
                PkiConfig config = PkiConfig.builder("node-1", "10.211.0.10").algorithm(algorithm)
                        .certDir(dir.toString()).build();
                long start = System.nanoTime();
                new PkiGenerator(host).generate(config, KubeadmCertificates.forConfig(config));
                long took = (System.nanoTime() - start) / 1_000_000;
                host.remove(dir.toString());
                if (i >= 0) {
                    ms[i] = took;
                }
            }
            Arrays.sort(ms);
            System.out.println(algorithm.spelling() + " " + ms[reps / 2] + " " + ms[0]);
        }
    }
}
