package dev.bootstrap.etcd;

import dev.bootstrap.pki.NodeLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** What reset and upgrade read from a node's etcd static pod manifest: its data directory and its flags. */
public final class EtcdManifest {

    public static final String PATH = NodeLayout.ETCD_MANIFEST;

    private EtcdManifest() {
    }

    /**
     * The etcd container's --data-dir; else the hostPath of kubeadm's "etcd-data" volume (what
     * kubeadm reset reads); empty when the manifest names neither.
     *
     * @throws IllegalArgumentException when the manifest is not a YAML pod
     */
    public static Optional<String> dataDir(String manifest) {
        Map<?, ?> spec = spec(manifest);
        Optional<String> flag = flag(spec, "--data-dir");
        if (flag.isPresent()) {
            return flag;
        }
        for (Object v : list(spec.get("volumes"))) {
            if (v instanceof Map<?, ?> volume && "etcd-data".equals(volume.get("name"))
                    && volume.get("hostPath") instanceof Map<?, ?> hostPath && hostPath.get("path") != null) {
                return Optional.of(String.valueOf(hostPath.get("path")));
            }
        }
        return Optional.empty();
    }

    /**
     * The value of a flag ("--listen-client-urls") of a container of the pod, written as {@code --flag=value}.
     *
     * @throws IllegalArgumentException when the manifest is not a YAML pod
     */
    public static Optional<String> flag(String manifest, String name) {
        return flag(spec(manifest), name);
    }

    private static Optional<String> flag(Map<?, ?> spec, String name) {
        for (Object c : list(spec.get("containers"))) {
            if (c instanceof Map<?, ?> container) {
                List<Object> words = new ArrayList<>(list(container.get("command")));
                words.addAll(list(container.get("args")));
                for (Object word : words) {
                    String s = String.valueOf(word);
                    if (s.startsWith(name + "=")) {
                        return Optional.of(s.substring(name.length() + 1));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Map<?, ?> spec(String manifest) {
        Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(manifest);
        if (!(doc instanceof Map<?, ?> pod) || !(pod.get("spec") instanceof Map<?, ?> spec)) {
            throw new IllegalArgumentException("not a pod manifest (no spec)");
        }
        return spec;
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }
}
