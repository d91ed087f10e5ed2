package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandTreeTest {

    @Test
    void leadingNamesOfALeafGiveOnlyThePathToIt() {
        assertEquals(Optional.of(List.of(BootstrapCommand.class, InitCommand.class, InitPhaseCommand.class,
                CertsPhaseCommand.class)), CommandTree.leafPath("init", "phase", "certs", "all", "--cert-dir", "/x"));
        CommandLine root = CommandTree.forArgs("init", "phase", "certs", "all");
        assertEquals(List.of("init"), List.copyOf(root.getSubcommands().keySet()));
        CommandLine phase = root.getSubcommands().get("init").getSubcommands().get("phase");
        assertEquals(List.of("certs"), List.copyOf(phase.getSubcommands().keySet()));
    }

    /** kubeadm's phase names for each verb, in kubeadm's order (docs/kubeadm-compat.md#init-phases, #join, #reset). */
    @Test
    void phaseHelpListsKubeadmsPhasesInKubeadmsOrder() {
        Map<String, List<String>> kubeadm = Map.of(
                "init", List.of("preflight", "certs", "kubeconfig", "etcd", "control-plane", "kubelet-start",
                        "wait-control-plane", "upload-config", "upload-certs", "mark-control-plane", "bootstrap-token",
                        "kubelet-finalize", "addon", "show-join-command"),
                "join", List.of("preflight", "control-plane-prepare", "kubelet-start", "etcd-join",
                        "kubelet-wait-bootstrap", "control-plane-join", "wait-control-plane"),
                "reset", List.of("preflight", "remove-etcd-member", "cleanup-node"));
        CommandLine whole = CommandTree.whole();
        kubeadm.forEach((verb, phases) -> {
            CommandLine group = whole.getSubcommands().get(verb).getSubcommands().get("phase");
            assertEquals(phases, List.copyOf(group.getSubcommands().keySet()), verb);
            String help = group.getUsageMessage();
            int at = -1;
            for (String phase : phases) {
                int next = help.indexOf("\n  " + phase + " ");
                assertTrue(next > at, verb + " phase --help lists " + phase + " in order:\n" + help);
                at = next;
            }
        });
    }

    @Test
    void everythingElseGetsTheWholeTree() {
        for (String[] args : List.of(new String[0], new String[] {"init"}, new String[] {"init", "phase"},
                new String[] {"init", "phase", "etcd"}, new String[] {"--rootfs", "/r", "init", "phase", "certs"},
                new String[] {"init", "phase", "certs", "--help"}, new String[] {"token", "list", "-V"},
                new String[] {"completion", "bash"}, new String[] {"no-such-command"})) {
            assertEquals(Optional.empty(), CommandTree.leafPath(args), String.join(" ", args));
            assertTrue(CommandTree.forArgs(args).getSubcommands().containsKey("completion"), String.join(" ", args));
        }
    }

    /** Every command's usage line names it as it is typed: {@code join phase preflight}, not the verb's name. */
    @Test
    void everyCommandIsNamedAsItIsTyped() {
        assertNamedAsTyped(CommandTree.whole(), "bootstrap");
        assertTrue(CommandTree.whole().getSubcommands().get("join").getSubcommands().get("phase").getSubcommands()
                .get("preflight").getUsageMessage().startsWith("Usage: bootstrap join phase preflight "));
    }

    private static void assertNamedAsTyped(CommandLine command, String typed) {
        assertEquals(typed, command.getCommandSpec().qualifiedName(" "));
        command.getSubcommands().forEach((name, sub) -> {
            if (List.of(sub.getCommandSpec().aliases()).contains(name)) {
                return; // an alias: the same command, listed under its own name too
            }
            assertNamedAsTyped(sub, typed + " " + name);
        });
    }

    /** A leaf built alone behaves as in the whole tree: same qualified name, options, help text. */
    @Test
    void everyLeafAloneHasTheUsageOfTheWholeTree() {
        List<CommandLine> leaves = new ArrayList<>();
        collectLeaves(CommandTree.whole(), leaves);
        int alone = 0;
        for (CommandLine leaf : leaves) {
            String[] names = leaf.getCommandSpec().qualifiedName(" ").split(" ");
            String[] args = List.of(names).subList(1, names.length).toArray(String[]::new);
            if (CommandTree.leafPath(args).isEmpty()) {
                continue; // built from the whole tree anyway
            }
            alone++;
            CommandLine built = CommandTree.forArgs(args);
            for (String name : args) {
                built = built.getSubcommands().get(name);
            }
            assertEquals(leaf.getUsageMessage(), built.getUsageMessage(), String.join(" ", args));
            assertEquals(leaf.getCommandSpec().userObject().getClass(), built.getCommandSpec().userObject().getClass());
        }
        assertTrue(alone >= 10, "most leaves run alone: " + alone);
    }

    private static void collectLeaves(CommandLine cli, List<CommandLine> leaves) {
        if (cli.getSubcommands().isEmpty()) {
            leaves.add(cli);
        }
        cli.getSubcommands().values().forEach(sub -> collectLeaves(sub, leaves));
    }
}
