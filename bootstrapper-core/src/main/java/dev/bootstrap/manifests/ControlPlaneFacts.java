package dev.bootstrap.manifests;

import dev.bootstrap.host.Host;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What static-pod rendering needs from outside the configuration: which CA-trust directories
 * exist on the node, the proxy variables of the environment bootstrap runs in (kubeadm copies
 * its own *_proxy variables into the pods), and whether the cluster CA key is absent (external CA).
 */
public record ControlPlaneFacts(Predicate<String> pathExists, Map<String, String> proxyEnv, boolean externalCa) {

    /** Facts read from a node, with the proxy variables taken from {@code environment}. */
    public static ControlPlaneFacts of(Host host, Map<String, String> environment, boolean externalCa) {
        return new ControlPlaneFacts(path -> host.stat(path).isPresent(), proxyVariables(environment), externalCa);
    }

    /** Names ending in "_proxy" (any case) with a non-empty value, sorted by name. */
    public static Map<String, String> proxyVariables(Map<String, String> environment) {
        Map<String, String> proxy = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.toLowerCase(Locale.ROOT).endsWith("_proxy") && value != null && !value.isEmpty()) {
                proxy.put(name, value);
            }
        });
        return proxy;
    }
}
