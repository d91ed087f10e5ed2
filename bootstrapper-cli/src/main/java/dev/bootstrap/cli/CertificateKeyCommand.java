package dev.bootstrap.cli;

import dev.bootstrap.uploadcerts.CertificateKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bootstrap certs certificate-key}: a new key for encrypting uploaded control-plane certificates. */
@Command(name = "certificate-key", mixinStandardHelpOptions = true,
        description = "Print a new random certificate key (32 bytes, hex) for --certificate-key.")
public final class CertificateKeyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().println(CertificateKey.generate().hex());
        spec.commandLine().getOut().flush();
    }
}
