package dev.bootstrap.kubeconfig;

import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.templates.RenderedFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The kubeconfig phase's files: for each of the five files, reuse an existing one kubeadm would reuse,
 * else render it with a client certificate from {@link ClientCertIssuer}.
 */
public final class InitKubeconfigs {

    /** A file to write (absent when an existing file is reused) and an optional warning. */
    public record Result(KubeconfigSpec spec, Optional<RenderedFile> file, Optional<String> warning) {
    }

    private final KubeconfigRenderer renderer;

    public InitKubeconfigs(KubeconfigRenderer renderer) {
        this.renderer = renderer;
    }

    /**
     * @param existing reads a node path, empty when there is no file
     */
    public List<Result> plan(KubeadmConfig config, String caPem, ClientCertIssuer issuer,
                             Function<String, Optional<byte[]>> existing) {
        return plan(config, KubeconfigSpec.forInit(config), caPem, issuer, existing);
    }

    /** The same for a chosen set of files (a joining control plane makes three of them). */
    public List<Result> plan(KubeadmConfig config, List<KubeconfigSpec> specs, String caPem, ClientCertIssuer issuer,
                             Function<String, Optional<byte[]>> existing) {
        List<Result> results = new ArrayList<>();
        for (KubeconfigSpec spec : specs) {
            String server = spec.server(config);
            Optional<byte[]> current = existing.apply(spec.path());
            if (current.isPresent()) {
                ExistingKubeconfig.Decision decision = ExistingKubeconfig.parse(spec.path(), current.get())
                        .compare(server, caPem);
                results.add(new Result(spec, Optional.empty(), decision.warning()));
                continue;
            }
            ClientCertIssuer.IssuedPem issued = issuer.issue(spec.clientName(), spec.organizations());
            results.add(new Result(spec, Optional.of(renderer.render(spec.path(), config.cluster().clusterName(), server,
                    caPem, spec.clientName(), KubeconfigRenderer.Credentials.certificate(issued))), Optional.empty()));
        }
        return results;
    }
}
