package dev.bootstrap.cli;

import dev.bootstrap.config.GoDuration;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.kubeconfig.KubeconfigRenderer;
import dev.bootstrap.kubeconfig.UserKubeconfig;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bootstrap kubeconfig user}: a kubeconfig for one more user, signed by the cluster CA, on stdout. */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = {"Print a kubeconfig for an additional user (kubeadm kubeconfig user): a new key and a client "
                + "certificate signed by the cluster CA (ca.crt and ca.key in the certificates dir), or a token.",
                "The key goes to stdout only; no file is written."})
public final class KubeconfigUserCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Mixin
    CertDirOption certDirOption;

    @Option(names = "--client-name", required = true, paramLabel = "NAME",
            description = "The user's name: the CN of the client certificate and the kubeconfig's user.")
    String clientName;

    @Option(names = "--org", split = ",", paramLabel = "ORG",
            description = "A group of the user: an O of the client certificate; repeat or comma-separate for several.")
    List<String> organizations = new ArrayList<>();

    @Option(names = "--validity-period", paramLabel = "DURATION", defaultValue = "8760h0m0s",
            description = "How long the client certificate is valid from now (default: ${DEFAULT-VALUE}; the "
                    + "configuration's certificateValidityPeriod is not used, as in kubeadm).")
    String validityPeriod;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Authenticate with this token instead of a client certificate (needs only ca.crt).")
    String token;

    @Mixin
    InitConfigOption configOption;

    @Override
    public Integer call() {
        if (global.json()) {
            throw new ParameterException(spec.commandLine(), "-o json: kubeconfig user prints a kubeconfig (YAML) only");
        }
        Duration validity = GoDuration.parse(validityPeriod).filter(d -> !d.isNegative() && !d.isZero())
                .orElseThrow(() -> new ParameterException(spec.commandLine(), "--validity-period: \"" + validityPeriod
                        + "\" is not a positive duration (e.g. 720h or 8760h0m0s)"));
        KubeadmConfig config = configOption.read(spec, global, certDirOption);
        String kubeconfig = new UserKubeconfig(new KubeconfigRenderer(new TemplateRenderer(TemplateSource.builtIn())))
                .render(NodeFiles.host(global), config, new UserKubeconfig.Request(clientName, organizations, validity,
                        token), Instant.now().truncatedTo(ChronoUnit.SECONDS), Warnings.to(spec));
        PrintWriter out = spec.commandLine().getOut();
        out.print(kubeconfig);
        out.flush();
        return 0;
    }
}
