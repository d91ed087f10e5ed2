package dev.bootstrap.cli;

import dev.bootstrap.token.BootstrapToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bootstrap token generate}: a random token; nothing is created in the cluster. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Print a random bootstrap token ([a-z0-9]{6}.[a-z0-9]{16}); creates nothing.")
public final class TokenGenerateCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().println(BootstrapToken.generate().value());
        spec.commandLine().getOut().flush();
    }
}
