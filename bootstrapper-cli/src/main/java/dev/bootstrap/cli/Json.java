package dev.bootstrap.cli;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** One JSON writer for every -o json output (the Jackson that fabric8 brings). */
final class Json {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Json() {
    }

    /** Compact, one line: for event streams. */
    static String line(Object value) {
        return SERIALIZATION.asJson(value);
    }
}
