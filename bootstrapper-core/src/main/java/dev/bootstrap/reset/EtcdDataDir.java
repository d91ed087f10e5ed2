package dev.bootstrap.reset;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Where a node's local etcd keeps its data, read from the etcd static pod manifest. */
final class EtcdDataDir {

    static final String MANIFEST = "/etc/kubernetes/manifests/etcd.yaml";
    static final String DEFAULT = "/var/lib/etcd";

    private EtcdDataDir() {
    }

    /**
     * The etcd container's --data-dir; else the hostPath of kubeadm's "etcd-data" volume (what
     * kubeadm reset reads); empty when the manifest names neither.
     *
     * @throws IllegalArgumentException when the manifest is not a YAML pod
     */
    static Optional<String> fromManifest(String manifest) {
        Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(manifest);
        if (!(doc instanceof Map<?, ?> pod) || !(pod.get("spec") instanceof Map<?, ?> spec)) {
            throw new IllegalArgumentException("not a pod manifest (no spec)");
        }
        for (Object c : list(spec.get("containers"))) {
            if (c instanceof Map<?, ?> container) {
                for (Object arg : concat(list(container.get("command")), list(container.get("args")))) {
                    String s = String.valueOf(arg);
                    if (s.startsWith("--data-dir=")) {
                        return Optional.of(s.substring("--data-dir=".length()));
                    }
                }
            }
        }
        for (Object v : list(spec.get("volumes"))) {
            if (v instanceof Map<?, ?> volume && "etcd-data".equals(volume.get("name"))
                    && volume.get("hostPath") instanceof Map<?, ?> hostPath && hostPath.get("path") != null) {
                return Optional.of(String.valueOf(hostPath.get("path")));
            }
        }
        return Optional.empty();
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    private static List<Object> concat(List<?> a, List<?> b) {
        List<Object> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
