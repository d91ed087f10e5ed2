package dev.bootstrap.cli;

import dev.bootstrap.version.VersionInfo;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bootstrap version [-o json|yaml|short]}: kubeadm version's output (dev.bootstrap.version.VersionInfo). */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version of bootstrap.")
public final class VersionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", completionCandidates = Formats.class,
            description = "Output format; available options are 'yaml', 'json' and 'short'.")
    String output = "";

    static final class Formats extends java.util.ArrayList<String> {
        Formats() {
            super(java.util.List.of("yaml", "json", "short"));
        }
    }

    @Override
    public Integer call() {
        VersionInfo info = VersionInfo.of(VersionProvider.build());
        PrintWriter out = spec.commandLine().getOut();
        switch (output) {
            case "" -> out.println(info.text());
            case "short" -> out.println(info.shortText());
            // kubeadm prints both documents with Println: JSON gains a newline, YAML (which ends in one) a blank line.
            case "json" -> out.println(info.json());
            case "yaml" -> out.println(info.yaml());
            default -> throw new ParameterException(spec.commandLine(), "invalid output format: " + output
                    + " (use yaml, json or short)");
        }
        out.flush();
        return 0;
    }
}
