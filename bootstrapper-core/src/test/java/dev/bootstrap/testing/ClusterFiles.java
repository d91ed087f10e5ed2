package dev.bootstrap.testing;

/** Cluster files for tests. */
public final class ClusterFiles {

    /** The smallest valid cluster file: one control plane, cp1 at 10.211.0.11 (its role on line 9). */
    public static final String ONE_CONTROL_PLANE = """
            apiVersion: bootstrap.dev/v1alpha1
            kind: Cluster
            metadata:
              name: lab
            spec:
              nodes:
                - name: cp1
                  address: 10.211.0.11
                  role: control-plane
            """;

    private ClusterFiles() {
    }
}
