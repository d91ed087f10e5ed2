package dev.bootstrap.cli;

import dev.bootstrap.apiserver.TokenStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bootstrap token delete ID|TOKEN...}: deletes token Secrets, in order, stopping at the first unknown one. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete bootstrap tokens, given by id (abcdef) or whole token (abcdef.0123456789abcdef).")
public final class TokenDeleteCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Mixin
    AdminKubeconfigOption admin;

    @Parameters(arity = "1..*", paramLabel = "ID|TOKEN", description = "Token ids or whole tokens.")
    List<String> tokens;

    @Override
    public Integer call() {
        try (KubernetesClient client = admin.load(spec, global).client()) {
            TokenStore store = new TokenStore(client);
            for (String t : tokens) {
                String id = t.contains(".") ? t.substring(0, t.indexOf('.')) : t;
                if (!store.delete(t)) {
                    throw new IllegalStateException("bootstrap token with id \"" + id
                            + "\" not found in kube-system; 'bootstrap token list' shows the tokens");
                }
                spec.commandLine().getOut().println("bootstrap token with id \"" + id + "\" deleted");
                spec.commandLine().getOut().flush();
            }
        }
        return 0;
    }
}
