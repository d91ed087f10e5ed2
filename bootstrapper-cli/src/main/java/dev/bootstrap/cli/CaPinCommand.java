package dev.bootstrap.cli;

import dev.bootstrap.host.LocalHost;
import dev.bootstrap.pki.CaPin;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.pki.Pem;
import dev.bootstrap.pki.PkiException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bootstrap certs ca-pin}: the --discovery-token-ca-cert-hash value of a CA certificate. */
@Command(name = "ca-pin", mixinStandardHelpOptions = true,
        description = "Print the CA public-key pin (sha256:<hex>) used by 'join --discovery-token-ca-cert-hash'.")
public final class CaPinCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Option(names = "--ca-cert", paramLabel = "FILE",
            description = "The CA certificate (default: <cert-dir>/ca.crt), a node path under --rootfs.")
    Path caCert;

    @Mixin
    CertDirOption certDirOption;

    @Override
    public Integer call() {
        LocalHost host = NodeFiles.host(global);
        String file = caCert != null ? NodeFiles.nodePath(spec, global, "--ca-cert", caCert)
                : new NodeLayout(certDirOption.nodePath(spec, global)).caCert();
        byte[] pem = host.readFile(file).orElseThrow(() -> PkiException.file(host, file, "not found"));
        String pin = CaPin.of(Pem.decodeCertificate(pem, "[" + host.name() + "] " + file));
        if (global.json()) {
            Json.print(spec.commandLine().getOut(), Map.of("caCert", file, "pin", pin));
        } else {
            spec.commandLine().getOut().println(pin);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
