package dev.bootstrap.reset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A rootfs laid out like a kubeadm control plane: manifests, pki, kubeconfigs, etcd data, kubelet
 * state with real tmpfs mounts under pods/ (root only), plus files kubeadm reset must not touch.
 */
final class ControlPlaneRootfs {

    /** An etcd static pod as kubeadm writes it: the etcd command with {@code flags}, its data and certificate volumes. */
    static String etcdManifest(String dataVolume, List<String> flags) {
        StringBuilder command = new StringBuilder();
        flags.forEach(f -> command.append("    - ").append(f).append('\n'));
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: etcd
                  namespace: kube-system
                spec:
                  containers:
                  - name: etcd
                    image: registry.k8s.io/etcd:3.5.21-0
                    command:
                    - etcd
                %s  volumes:
                  - hostPath:
                      path: %s
                      type: DirectoryOrCreate
                    name: etcd-data
                  - hostPath:
                      path: /etc/kubernetes/pki/etcd
                      type: DirectoryOrCreate
                    name: etcd-certs
                """.formatted(command, dataVolume);
    }

    /** cp1's etcd manifest naming {@code dataDir} in its flags and {@code dataVolume} in its etcd-data volume. */
    static String etcdManifest(String dataDir, String dataVolume) {
        return etcdManifest(dataVolume, List.of("--advertise-client-urls=https://10.211.0.11:2379",
                "--data-dir=" + dataDir, "--name=cp1"));
    }

    final Path root;
    final List<Path> mounts = new ArrayList<>();

    ControlPlaneRootfs(Path root) {
        this.root = root;
    }

    /** Everything a control plane has, with the etcd data in {@code etcdDir}. */
    ControlPlaneRootfs populate(String etcdDir) throws IOException {
        for (String f : List.of("admin.conf", "super-admin.conf", "kubelet.conf", "controller-manager.conf",
                "scheduler.conf", "bootstrap-kubelet.conf")) {
            write("etc/kubernetes/" + f, "apiVersion: v1\nkind: Config\n");
        }
        write("etc/kubernetes/manifests/etcd.yaml", etcdManifest(etcdDir, etcdDir));
        write("etc/kubernetes/manifests/kube-apiserver.yaml", "kind: Pod\n");
        write("etc/kubernetes/pki/ca.crt", "cert");
        write("etc/kubernetes/pki/ca.key", "key");
        write("etc/kubernetes/pki/etcd/ca.crt", "cert");
        write("etc/kubernetes/tmp/kubeadm-backup-etcd/x", "backup");
        write("etc/kubernetes/keep-me.conf", "not kubeadm's");
        write("etc/kubernetes/bootstrap/journal.json", "{}");
        write(etcdDir.substring(1) + "/member/snap/db", "etcd data");
        write(etcdDir.substring(1) + "/member/wal/0.wal", "wal");
        write("var/lib/kubelet/config.yaml", "kind: KubeletConfiguration\n");
        write("var/lib/kubelet/pki/kubelet-client-current.pem", "pem");
        Files.createDirectories(root.resolve("var/lib/kubelet/pods/x"));
        write("etc/cni/net.d/10-bridge.conf", "{}");
        write("var/lib/cni/networks/cbr0/10.244.0.2", "container id");
        write("var/lib/containerd/io.containerd.content.v1.content/blobs/sha256/ab", "an image layer");
        return this;
    }

    /** Mounts a real tmpfs at a node path under the rootfs, with a file in it. */
    void mountTmpfs(String nodePath) throws Exception {
        Path p = root.resolve(nodePath.substring(1));
        Files.createDirectories(p);
        run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", p.toString());
        mounts.add(p);
        Files.writeString(p.resolve("volume-data"), "inside the mount");
    }

    /** Mount points under the rootfs, from this machine's /proc/mounts. */
    List<String> mountedBelow() throws IOException {
        String prefix = root.toRealPath() + "/";
        return Files.readAllLines(Path.of("/proc/mounts")).stream().map(l -> l.split(" ")[1])
                .filter(m -> m.startsWith(prefix)).toList();
    }

    /** Leaves no mount behind whatever the test did. */
    void unmountAll() throws Exception {
        List<String> mounted = new ArrayList<>(mountedBelow());
        java.util.Collections.reverse(mounted);
        for (String m : mounted) {
            run("umount", "-l", m);
        }
    }

    /** Every path under the rootfs with its content (files) or "<dir>": to compare before and after. */
    Map<String, String> snapshot() throws IOException {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                all.put(root.relativize(p).toString(), Files.isDirectory(p) ? "<dir>"
                        : new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
            }
        }
        return all;
    }

    boolean exists(String nodePath) {
        return Files.exists(root.resolve(nodePath.substring(1)));
    }

    boolean isEmptyDir(String nodePath) throws IOException {
        Path p = root.resolve(nodePath.substring(1));
        try (Stream<Path> s = Files.list(p)) {
            return Files.isDirectory(p) && s.findAny().isEmpty();
        }
    }

    private void write(String rel, String content) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private static void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + out);
        }
    }
}
