package dev.bootstrap.patches;

import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * kubeadm's patches directory ({@code patches.directory} of Init/JoinConfiguration): files named
 * {@code target[suffix][+patchtype].extension} ("kube-apiserver0+merge.yaml", "etcd+json.json"),
 * applied to a target's rendered file in file-name order, before the file is validated. Patch types:
 * "strategic" (kubeadm's default; see {@link StrategicMergePatch} for the subset), "merge" (RFC 7386)
 * and "json" (RFC 6902). The corednsdeployment target is an error saying it is not supported yet.
 * Files whose names match no target are ignored, as kubeadm ignores them, and listed by
 * {@link #ignored()}. A file may hold several YAML documents, each one patch.
 */
public final class Patches {

    /** The target of the kubelet's config.yaml. */
    public static final String KUBELET_CONFIGURATION = "kubeletconfiguration";

    /** The targets bootstrap patches: the four static pods and the kubelet's config.yaml. */
    public static final List<String> TARGETS = List.of("etcd", "kube-apiserver", "kube-controller-manager",
            "kube-scheduler", KUBELET_CONFIGURATION);

    private static final String CORE_DNS = "corednsdeployment";
    private static final Pattern NAME = Pattern.compile("(" + String.join("|", TARGETS) + "|" + CORE_DNS
            + ")([^+]*?)(?:\\+([^.]*))?\\.(json|yaml)");

    public static final Patches NONE = new Patches(List.of(), List.of());

    /** One file's patches: its target, type ("merge" or "json") and YAML documents. */
    private record PatchFile(String target, String type, Path file, List<Object> documents) {
    }

    private final List<PatchFile> files;
    private final List<String> ignored;

    private Patches(List<PatchFile> files, List<String> ignored) {
        this.files = List.copyOf(files);
        this.ignored = List.copyOf(ignored);
    }

    /** The patches in {@code directory} (a path on this machine); {@link #NONE} for "". */
    public static Patches load(String directory) {
        if (directory.isEmpty()) {
            return NONE;
        }
        Path dir = Path.of(directory);
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new PatchException("patches.directory " + dir + ": cannot list the patch files (" + e + ")", e);
        }
        List<PatchFile> files = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (Path file : entries) {
            Matcher m = NAME.matcher(file.getFileName().toString());
            if (!m.matches()) {
                ignored.add(file.getFileName().toString());
                continue;
            }
            String target = m.group(1);
            String type = m.group(3) == null ? "strategic" : m.group(3);
            if (target.equals(CORE_DNS)) {
                throw new PatchException("patch " + file + ": the target " + CORE_DNS + " is not supported yet "
                        + "(supported: " + String.join(", ", TARGETS) + ")");
            }
            if (!List.of("strategic", "merge", "json").contains(type)) {
                throw new PatchException("patch " + file + ": unknown patch type \"" + type
                        + "\" (expected strategic, merge or json)");
            }
            files.add(new PatchFile(target, type, file, documents(file)));
        }
        return new Patches(files, ignored);
    }

    private static List<Object> documents(Path file) {
        try {
            List<Object> docs = new ArrayList<>();
            for (Object doc : yaml().loadAll(Files.readString(file, StandardCharsets.UTF_8))) {
                if (doc != null) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new PatchException("patch " + file + ":" + line + ": invalid YAML/JSON: " + e.getProblem(), e);
        } catch (IOException | YAMLException e) {
            throw new PatchException("patch " + file + ": cannot read it: " + e.getMessage(), e);
        }
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        DumperOptions dump = new DumperOptions();
        dump.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        dump.setSplitLines(false);
        return new Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(options),
                new org.yaml.snakeyaml.representer.Representer(dump), dump, options);
    }

    /** File names in the directory that name no target; kubeadm ignores them too. */
    public List<String> ignored() {
        return ignored;
    }

    /** The files that patch {@code target}, in the order they apply, each with its type ("file (merge)"). */
    public List<String> describe(String target) {
        return files.stream().filter(f -> f.target.equals(target)).map(f -> f.file + " (" + f.type + ")").toList();
    }

    /**
     * {@code output} with the target's patches applied, re-serialized as YAML; unchanged when none
     * apply. The result names the patches in its origin, so validation errors point at them.
     */
    public TemplateRenderer.Output apply(String target, TemplateRenderer.Output output) {
        List<PatchFile> mine = files.stream().filter(f -> f.target.equals(target)).toList();
        if (mine.isEmpty()) {
            return output;
        }
        Object tree;
        try {
            tree = yaml().load(output.text());
        } catch (YAMLException e) {
            throw new PatchException("template " + output.template().origin() + ": the rendered YAML is invalid, so "
                    + "it cannot be patched: " + e.getMessage(), e);
        }
        for (PatchFile f : mine) {
            for (int i = 0; i < f.documents.size(); i++) {
                String source = "patch " + f.file + (f.documents.size() > 1 ? " (document " + (i + 1) + ")" : "");
                Object patch = f.documents.get(i);
                tree = switch (f.type) {
                    case "json" -> JsonPatch.apply(tree, patch, source);
                    case "merge" -> MergePatch.apply(tree, patch);
                    default -> StrategicMergePatch.apply(tree, patch, target.equals(KUBELET_CONFIGURATION) ? Map.of()
                            : StrategicMergePatch.POD_MERGE_KEYS, source);
                };
            }
        }
        TemplateSource.Template t = output.template();
        String origin = t.origin() + " patched by " + String.join(", ", mine.stream().map(f -> f.file.toString()).toList());
        return new TemplateRenderer.Output(new TemplateSource.Template(t.name(), origin, t.text()), yaml().dump(tree));
    }
}
