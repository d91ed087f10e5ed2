package dev.bootstrap.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The per-component customisations v1beta4 allows for kube-apiserver, controller-manager and scheduler. */
public record ControlPlaneComponent(List<Arg> extraArgs, List<HostPathMount> extraVolumes, List<EnvVar> extraEnvs) {

    public static final ControlPlaneComponent NONE = new ControlPlaneComponent(List.of(), List.of(), List.of());

    static final String[] FIELDS = {"extraArgs", "extraVolumes", "extraEnvs"};

    static ControlPlaneComponent read(ConfigNode.Fields f) {
        return new ControlPlaneComponent(Arg.readList(f, "extraArgs"), f.list("extraVolumes", HostPathMount::read),
                f.list("extraEnvs", EnvVar::read));
    }

    static ControlPlaneComponent read(ConfigNode node) {
        return read(node.fields(FIELDS));
    }

    /** Writes the non-empty lists into {@code m}. */
    void toYaml(Map<String, Object> m) {
        if (!extraArgs.isEmpty()) {
            m.put("extraArgs", Arg.toYaml(extraArgs));
        }
        if (!extraEnvs.isEmpty()) {
            m.put("extraEnvs", extraEnvs.stream().map(EnvVar::toYaml).toList());
        }
        if (!extraVolumes.isEmpty()) {
            m.put("extraVolumes", extraVolumes.stream().map(HostPathMount::toYaml).toList());
        }
    }

    Map<String, Object> toYaml() {
        Map<String, Object> m = new LinkedHashMap<>();
        toYaml(m);
        return m;
    }
}
