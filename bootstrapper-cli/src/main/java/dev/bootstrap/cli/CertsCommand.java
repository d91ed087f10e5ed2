package dev.bootstrap.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bootstrap certs ...}: kubeadm's certificate maintenance commands. */
@Command(name = "certs", mixinStandardHelpOptions = true,
        description = "Check, renew and inspect the cluster's certificates; requests for an external CA (kubeadm certs).",
        subcommands = {CheckExpirationCommand.class, RenewCommand.class, CertificateKeyCommand.class,
                CaPinCommand.class, GenerateCsrCommand.class})
public final class CertsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a subcommand; see 'bootstrap certs --help'");
    }
}
