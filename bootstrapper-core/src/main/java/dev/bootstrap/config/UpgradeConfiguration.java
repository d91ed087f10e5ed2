package dev.bootstrap.config;

import dev.bootstrap.phases.SkipPhases;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * kubeadm's {@code kubeadm.k8s.io/v1beta4 UpgradeConfiguration} (cmd/kubeadm/app/apis/kubeadm/v1beta4/types.go), with
 * kubeadm's defaults applied (defaults.go, SetDefaults_UpgradeConfiguration). Read with
 * {@link KubeadmConfigReader#readUpgrade}. A {@code kubernetesVersion} left out is empty: the command line gives it.
 */
public record UpgradeConfiguration(Apply apply, Node node, Plan plan, Diff diff, Timeouts timeouts) {

    public static final String KIND = "UpgradeConfiguration";

    /** {@code plan}: {@code kubeadm upgrade plan}. Its fields are also {@code apply}'s. */
    public record Plan(Optional<KubernetesVersion> kubernetesVersion, boolean allowExperimentalUpgrades,
                       boolean allowRCUpgrades, boolean dryRun, List<String> ignorePreflightErrors, boolean printConfig) {

        static final List<String> FIELDS = List.of("kubernetesVersion", "allowExperimentalUpgrades", "allowRCUpgrades",
                "dryRun", "ignorePreflightErrors", "printConfig");

        static Plan read(ConfigNode.Fields f) {
            return new Plan(f.get("kubernetesVersion").map(ClusterConfiguration::anyVersion),
                    f.bool("allowExperimentalUpgrades", false), f.bool("allowRCUpgrades", false), f.bool("dryRun", false),
                    f.list("ignorePreflightErrors", ConfigNode::string), f.bool("printConfig", false));
        }
    }

    /** {@code node}: {@code kubeadm upgrade node}. Its fields are also {@code apply}'s. */
    public record Node(boolean certificateRenewal, boolean dryRun, boolean etcdUpgrade,
                       List<String> ignorePreflightErrors, SkipPhases skipPhases, String patchesDirectory,
                       String imagePullPolicy, boolean imagePullSerial) {

        static final List<String> FIELDS = List.of("certificateRenewal", "dryRun", "etcdUpgrade",
                "ignorePreflightErrors", "skipPhases", "patches", "imagePullPolicy", "imagePullSerial");

        static Node read(ConfigNode.Fields f) {
            return new Node(f.bool("certificateRenewal", true), f.bool("dryRun", false), f.bool("etcdUpgrade", true),
                    f.list("ignorePreflightErrors", ConfigNode::string), InitConfiguration.skipPhases(f),
                    f.get("patches", InitConfiguration::patchesDirectory, ""), NodeRegistration.imagePullPolicy(f),
                    f.bool("imagePullSerial", true));
        }
    }

    /** {@code apply}: {@code kubeadm upgrade apply}; kubeadm ignores its {@code skipPhases} so far. */
    public record Apply(Optional<KubernetesVersion> kubernetesVersion, boolean allowExperimentalUpgrades,
                        boolean allowRCUpgrades, boolean certificateRenewal, boolean dryRun, boolean etcdUpgrade,
                        boolean forceUpgrade, List<String> ignorePreflightErrors, String patchesDirectory,
                        boolean printConfig, SkipPhases skipPhases, String imagePullPolicy, boolean imagePullSerial) {

        // apply takes plan's fields and node's, and forceUpgrade: read by their readers, so each default has one home
        static final List<String> FIELDS = Stream.of(Plan.FIELDS, Node.FIELDS, List.of("forceUpgrade"))
                .flatMap(List::stream).distinct().toList();

        static Apply read(ConfigNode.Fields f) {
            Plan p = Plan.read(f);
            Node n = Node.read(f);
            return new Apply(p.kubernetesVersion(), p.allowExperimentalUpgrades(), p.allowRCUpgrades(),
                    n.certificateRenewal(), n.dryRun(), n.etcdUpgrade(), f.bool("forceUpgrade", false),
                    n.ignorePreflightErrors(), n.patchesDirectory(), p.printConfig(), n.skipPhases(),
                    n.imagePullPolicy(), n.imagePullSerial());
        }
    }

    /** {@code diff}: {@code kubeadm upgrade diff}. */
    public record Diff(Optional<KubernetesVersion> kubernetesVersion, int contextLines) {

        static final List<String> FIELDS = List.of("kubernetesVersion", "contextLines");

        static Diff read(ConfigNode.Fields f) {
            // 3 is the default of kubeadm upgrade diff --context-lines
            return new Diff(f.get("kubernetesVersion").map(ClusterConfiguration::anyVersion),
                    f.get("contextLines", Diff::contextLines, 3));
        }

        private static int contextLines(ConfigNode n) {
            if (n.integer() < 0) {
                throw n.invalid("a number of lines (0 or more)");
            }
            return n.integer();
        }
    }

    /** Every field at kubeadm's default: what a document without fields gives. */
    public static final UpgradeConfiguration DEFAULTS =
            read(ConfigNode.of(MappingNodes.emptyMapping(), KIND, "(defaults)"));

    static UpgradeConfiguration read(ConfigNode doc) {
        ConfigNode.Fields f = doc.fields("apiVersion", "kind", "apply", "node", "plan", "diff", "timeouts");
        return new UpgradeConfiguration(Apply.read(section(f, "apply", Apply.FIELDS)),
                Node.read(section(f, "node", Node.FIELDS)), Plan.read(section(f, "plan", Plan.FIELDS)),
                Diff.read(section(f, "diff", Diff.FIELDS)), f.get("timeouts", Timeouts::read, Timeouts.DEFAULT));
    }

    /** The fields of one section; an absent or null section has none (Go's zero value, then defaulted). */
    private static ConfigNode.Fields section(ConfigNode.Fields doc, String name, List<String> allowed) {
        return doc.get(name).map(n -> n.fields(allowed.toArray(String[]::new)))
                .orElseGet(() -> new ConfigNode.Fields(Map.of()));
    }
}
