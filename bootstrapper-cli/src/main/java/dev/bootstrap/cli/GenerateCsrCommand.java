package dev.bootstrap.cli;

import dev.bootstrap.kubeconfig.KubeconfigRenderer;
import dev.bootstrap.nodefiles.CertificateRequestFiles;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bootstrap certs generate-csr}: keys and requests for an external CA to sign. */
@Command(name = "generate-csr", mixinStandardHelpOptions = true,
        description = {"Generate keys and certificate signing requests for an external CA (kubeadm certs "
                + "generate-csr): NAME.key and NAME.csr for every certificate a CA signs, NAME.conf (with its key, "
                + "without CA and certificate) and NAME.conf.csr for every kubeconfig of init.",
                "Subjects and SANs are init's for this node. Existing files are never overwritten.",
                "Sign the requests, add the CA and certificates to the kubeconfigs, leave ca.key out, then run init."})
public final class GenerateCsrCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Mixin
    CertDirOption certDirOption;

    @Mixin
    KubeconfigDirOption kubeconfigDirOption;

    @Mixin
    InitConfigOption configOption;

    @Override
    public Integer call() {
        CertificateRequestFiles.Result written = CertificateRequestFiles.write(NodeFiles.host(global),
                configOption.read(spec, global, certDirOption),
                kubeconfigDirOption.nodePath(spec, global),
                new KubeconfigRenderer(new TemplateRenderer(TemplateSource.builtIn())));
        PrintWriter out = spec.commandLine().getOut();
        if (global.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("certificateDir", written.certificateDir());
            doc.put("certificates", written.certificates());
            doc.put("kubeconfigDir", written.kubeconfigDir());
            doc.put("kubeconfigs", written.kubeconfigs());
            Json.print(out, doc);
            return 0;
        }
        // kubeadm's lines (CreateDefaultKeysAndCSRFiles, CreateDefaultKubeConfigsAndCSRFiles)
        out.println("generating keys and CSRs in " + written.certificateDir());
        written.certificates().forEach(name -> out.println("  " + name));
        out.println("generating keys and CSRs in " + written.kubeconfigDir());
        written.kubeconfigs().forEach(name -> out.println("  " + name));
        out.flush();
        return 0;
    }
}
