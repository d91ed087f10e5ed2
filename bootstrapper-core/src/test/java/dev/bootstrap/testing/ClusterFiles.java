package dev.bootstrap.testing;

/** Cluster files for tests. */
public final class ClusterFiles {

    /** The smallest valid cluster file: one control plane, cp1 at 10.211.0.11 (its role on line 11), nodes taken as they are (prepare off). */
    public static final String ONE_CONTROL_PLANE = """
            apiVersion: bootstrap.dev/v1alpha1
            kind: Cluster
            metadata:
              name: lab
            spec:
              prepare:
                enabled: false
              nodes:
                - name: cp1
                  address: 10.211.0.11
                  role: control-plane
            """;

    /** One control plane, cp1 at {@code address}, after {@code spec}'s lines (indented by two, each ending in a newline). */
    public static String oneControlPlane(String spec, String address) {
        return """
                apiVersion: bootstrap.dev/v1alpha1
                kind: Cluster
                metadata:
                  name: lab
                spec:
                %s  nodes:
                    - name: cp1
                      address: %s
                      role: control-plane
                """.formatted(spec, address);
    }

    /** {@link #oneControlPlane} at 10.211.0.11 with a pod subnet and {@code spec.addons.cni.type}. */
    public static String withCni(String cni, String podSubnet) {
        return oneControlPlane("""
                  networking:
                    podSubnet: %s
                  addons:
                    cni:
                      type: %s
                """.formatted(podSubnet, cni), "10.211.0.11");
    }

    private ClusterFiles() {
    }
}
