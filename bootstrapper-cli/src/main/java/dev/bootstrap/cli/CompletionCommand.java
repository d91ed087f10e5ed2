package dev.bootstrap.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bootstrap completion bash|zsh}: picocli's generated script. It is a bash script that
 * also runs under zsh through bashcompinit, which the zsh variant switches on first.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script.",
                "bash: source <(bootstrap completion bash)",
                "zsh:  source <(bootstrap completion zsh)"})
public final class CompletionCommand implements Runnable {

    public enum ShellKind { bash, zsh }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh")
    ShellKind shell;

    @Override
    public void run() {
        String script = AutoComplete.bash("bootstrap", spec.root().commandLine());
        if (shell == ShellKind.zsh) {
            spec.commandLine().getOut().println("autoload -U +X compinit && compinit");
            spec.commandLine().getOut().println("autoload -U +X bashcompinit && bashcompinit");
        }
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
    }
}
