package dev.bootstrap.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.init.InitWorkflow;
import dev.bootstrap.join.ControlPlaneJoin;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.reset.ResetWorkflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A phase's name is written once, in its declaration: no other production file spells it as a string (so renaming
 * a phase touches one file). The same words with other meanings are listed here with what they mean.
 */
class PhaseNamesTest {

    /** File name to the phase-like words it uses for something else. */
    private static final Map<String, Set<String>> OTHER_MEANINGS = Map.ofEntries(
            // the etcd static pod, its component label and patch target; ClusterConfiguration's etcd field
            Map.entry("StaticPods.java", Set.of("etcd", "kubeconfig")),
            Map.entry("Patches.java", Set.of("etcd")),
            Map.entry("ExistingEtcd.java", Set.of("etcd", "control-plane")),
            Map.entry("RunningComponentsReader.java", Set.of("etcd", "control-plane")),
            Map.entry("UpgradePlan.java", Set.of("etcd")),
            // the etcd static pod an upgrade swaps, and its certificates
            Map.entry("EtcdUpgrade.java", Set.of("etcd")),
            Map.entry("ComponentCertificates.java", Set.of("etcd")),
            Map.entry("ClusterConfiguration.java", Set.of("etcd")),
            Map.entry("V1beta3Conversion.java", Set.of("etcd")),
            // the static Pods' manifests (etcd.yaml) checked by preflight
            Map.entry("CheckCatalog.java", Set.of("etcd")),
            // certificate paths under pki/etcd/
            Map.entry("KubeadmCertificates.java", Set.of("etcd")),
            Map.entry("CertificateAuthority.java", Set.of("etcd")),
            Map.entry("ControlPlaneCerts.java", Set.of("etcd")),
            // a node's role in the cluster file and in preflight
            Map.entry("Role.java", Set.of("control-plane")),
            Map.entry("PreflightRole.java", Set.of("control-plane", "control-plane-join")),
            // the kubeconfig template's path and the cluster-info ConfigMap's key
            Map.entry("TemplateSource.java", Set.of("kubeconfig")),
            Map.entry("KubeconfigRenderer.java", Set.of("kubeconfig")),
            Map.entry("ClusterInfo.java", Set.of("kubeconfig")),
            // command names and the command lines of the class-data-sharing training run
            Map.entry("PreflightCommand.java", Set.of("preflight")),
            Map.entry("CertsCommand.java", Set.of("certs")),
            Map.entry("CertsPhaseCommand.java", Set.of("certs")),
            Map.entry("KubeconfigCommand.java", Set.of("kubeconfig")),
            Map.entry("TrainingRun.java", Set.of("certs", "kubeconfig")),
            // the cluster file's spec.addons.cni and spec.prepare; Calico's CNI image
            Map.entry("ClusterFileReader.java", Set.of("cni", "prepare")),
            Map.entry("CniManifests.java", Set.of("cni")),
            // the CNI plugins' directory (/opt/cni/bin) and the packages that carry them
            Map.entry("Binaries.java", Set.of("cni")),
            Map.entry("Packages.java", Set.of("cni")),
            // a thread's name
            Map.entry("PreflightRunner.java", Set.of("preflight")),
            // control-plane-join's sub-phase, named like init's phase
            Map.entry("MarkControlPlaneJoinPhase.java", Set.of("mark-control-plane")),
            // the command's name
            Map.entry("PrepareCommand.java", Set.of("prepare")));

    private static List<PhaseSpec> everyPhase() {
        List<PhaseSpec> all = new ArrayList<>(InitWorkflow.specs());
        all.addAll(ControlPlaneJoin.specs());
        ResetWorkflow.phases().stream().map(Phase::spec).forEach(all::add);
        all.addAll(List.of(ConnectPhase.SPEC, KeysAheadPhase.SPEC, LockPhase.SPEC, UpPreflightPhase.SPEC,
                InitConfigurationPhase.SPEC, ClusterVersionPhase.SPEC, TicketPhase.SPEC, CniPhase.SPEC,
                dev.bootstrap.prepare.PreparePhase.SPEC,
                DeleteNodePhase.SPEC, new AwaitClusterPhase(java.util.Optional.empty()).spec()));
        return all;
    }

    @Test
    void aPhaseNameIsWrittenOnlyWhereThePhaseIsDeclared() throws IOException {
        Set<String> names = new TreeSet<>(everyPhase().stream().map(PhaseSpec::name).toList());
        assertTrue(names.size() >= 20, names.toString());
        List<String> found = new ArrayList<>();
        for (Path root : List.of(Path.of("src/main/java"), Path.of("../bootstrapper-cli/src/main/java"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(file);
                    String fileName = file.getFileName().toString();
                    for (String name : names) {
                        boolean declares = text.contains("PhaseSpec.of(\"" + name + "\"")
                                || text.contains("NAME = \"" + name + "\"");
                        boolean spelled = text.contains("\"" + name + "\"") || text.contains("\"" + name + "/");
                        if (spelled && !declares && !OTHER_MEANINGS.getOrDefault(fileName, Set.of()).contains(name)) {
                            found.add(fileName + ": \"" + name + "\"");
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }
}
