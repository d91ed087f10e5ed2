package dev.bootstrap.kube;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The one Kubernetes JSON/YAML mapper of the process (API clients, kubeconfigs, rendered objects). Each new
 * mapper learns every model class again on first use, which in a fresh CLI process costs more than the
 * parsing itself; a mapper is safe to share between threads.
 */
public final class KubeSerialization {

    public static final KubernetesSerialization SHARED = new KubernetesSerialization();

    private KubeSerialization() {
    }
}
