package dev.bootstrap.templates;

import dev.bootstrap.kube.KubeSerialization;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.StringReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Parses rendered template output back before anything is written: YAML syntax first (errors point
 * at the template line), then fabric8's Kubernetes model (a static pod must be a {@code Pod}, a
 * kubeconfig a {@code Config}), and no field may be unknown to the model (a misspelt field in a
 * user template would otherwise be dropped silently by the kubelet).
 */
public final class RenderedYaml {

    private static final KubernetesSerialization SERIALIZATION = KubeSerialization.SHARED;
    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    private RenderedYaml() {
    }

    /** The single document as a fabric8 model object of {@code type}. */
    public static <T> T parse(TemplateRenderer.Output output, Class<T> type) {
        List<Object> docs = syntax(output);
        if (docs.size() != 1 || !(docs.get(0) instanceof Map)) {
            throw new TemplateException("template " + output.template().origin()
                    + ": expected exactly one YAML mapping document, got " + docs.size() + " document(s)");
        }
        T value = model(output, SERIALIZATION.asJson(docs.get(0)), type);
        checkKnownFields(output, value);
        return value;
    }

    /** Every document as a typed Kubernetes object (by apiVersion and kind). */
    public static List<KubernetesResource> parseAll(TemplateRenderer.Output output) {
        List<KubernetesResource> resources = new ArrayList<>();
        for (Object doc : syntax(output)) {
            if (doc == null) {
                continue;
            }
            KubernetesResource resource = model(output, SERIALIZATION.asJson(doc), KubernetesResource.class);
            checkKnownFields(output, resource);
            resources.add(resource);
        }
        return resources;
    }

    /** Every document as a Kubernetes object with a name, as the addons apply them. */
    public static List<HasMetadata> objects(TemplateRenderer.Output output) {
        List<HasMetadata> objects = new ArrayList<>();
        for (KubernetesResource resource : parseAll(output)) {
            if (!(resource instanceof HasMetadata object) || object.getMetadata() == null
                    || object.getMetadata().getName() == null) {
                throw new TemplateException("template " + output.template().origin()
                        + ": every document must be a Kubernetes object with metadata.name");
            }
            objects.add(object);
        }
        return objects;
    }

    /** The single document as plain maps and lists (for config files fabric8 has no model of). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseMap(TemplateRenderer.Output output) {
        List<Object> docs = syntax(output);
        if (docs.size() != 1 || !(docs.get(0) instanceof Map)) {
            throw new TemplateException("template " + output.template().origin()
                    + ": expected exactly one YAML mapping document");
        }
        return (Map<String, Object>) docs.get(0);
    }

    private static List<Object> syntax(TemplateRenderer.Output output) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        List<Object> docs = new ArrayList<>();
        try {
            for (Object doc : new Yaml(options).loadAll(new StringReader(output.text()))) {
                docs.add(doc);
            }
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() : 0;
            String[] rendered = output.text().split("\n", -1);
            String text = line < rendered.length ? rendered[line].strip() : "";
            throw new TemplateException(locate(output, text, line + 1) + ": the rendered YAML is invalid: "
                    + e.getProblem() + (text.isEmpty() ? "" : " (at \"" + text + "\")"), e);
        } catch (YAMLException e) {
            throw new TemplateException("template " + output.template().origin() + ": the rendered YAML is invalid: "
                    + e.getMessage(), e);
        }
        return docs;
    }

    private static <T> T model(TemplateRenderer.Output output, String json, Class<T> type) {
        try {
            return SERIALIZATION.unmarshal(json, type);
        } catch (RuntimeException e) {
            throw new TemplateException("template " + output.template().origin() + ": the rendered document is not a valid "
                    + type.getSimpleName() + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    /**
     * "template ORIGIN:LINE" when the rendered text appears on exactly one template line (lines
     * without variables map one to one), else the line of the rendered output.
     */
    static String locate(TemplateRenderer.Output output, String needle, int renderedLine) {
        String origin = output.template().origin();
        if (!needle.isEmpty()) {
            String[] lines = output.template().text().split("\n", -1);
            int found = -1;
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].contains(needle)) {
                    if (found >= 0) {
                        found = -2;
                        break;
                    }
                    found = i;
                }
            }
            if (found >= 0) {
                return "template " + origin + ":" + (found + 1);
            }
        }
        return "template " + origin + " (line " + renderedLine + " of the rendered output)";
    }

    private static void checkKnownFields(TemplateRenderer.Output output, Object value) {
        List<String> unknown = new ArrayList<>();
        unknownFields(value, "", unknown);
        if (!unknown.isEmpty()) {
            String field = unknown.get(0);
            String key = field.substring(field.lastIndexOf('.') + 1);
            throw new TemplateException(locate(output, key + ":", 0).replace(" (line 0 of the rendered output)", "")
                    + ": unknown field \"" + field.substring(1) + "\" in the rendered " + value.getClass().getSimpleName());
        }
    }

    /** Collects fields the fabric8 model did not recognise (they land in additionalProperties). */
    private static void unknownFields(Object value, String path, List<String> out) {
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknownFields(list.get(i), path + "[" + i + "]", out);
            }
            return;
        }
        if (value == null || !value.getClass().getPackageName().startsWith(MODEL_PACKAGE)) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child = invoke(getter, value);
            String name = getter.getName().substring(3);
            if (name.equals("AdditionalProperties") && child instanceof Map<?, ?> extra) {
                extra.keySet().forEach(k -> out.add(path + "." + k));
            } else if (!(child instanceof Map)) {
                unknownFields(child, path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1), out);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }
}
