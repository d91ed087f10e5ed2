package dev.bootstrap.cluster;

import java.util.Arrays;
import java.util.List;

/** What a node is in the cluster. */
public enum Role {
    CONTROL_PLANE("control-plane"),
    WORKER("worker");

    private final String yamlName;

    Role(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The name written in the cluster file. */
    public String yamlName() {
        return yamlName;
    }

    static List<String> yamlNames() {
        return Arrays.stream(values()).map(Role::yamlName).toList();
    }

    static Role of(String yamlName) {
        return Arrays.stream(values()).filter(r -> r.yamlName.equals(yamlName)).findFirst().orElseThrow();
    }
}
