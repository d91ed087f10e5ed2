package dev.bootstrap.cli;

import dev.bootstrap.host.LocalHost;
import dev.bootstrap.pki.ExpirationReport;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bootstrap certs check-expiration}: kubeadm's expiry table of the local PKI and kubeconfigs. */
@Command(name = "check-expiration", mixinStandardHelpOptions = true,
        description = "Show when each certificate and CA expires (kubeadm certs check-expiration).")
public final class CheckExpirationCommand implements Callable<Integer> {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MMM dd, yyyy HH:mm 'UTC'", Locale.US)
            .withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Mixin
    CertDirOption certDirOption;

    @Mixin
    KubeconfigDirOption kubeconfigDirOption;

    @Override
    public Integer call() {
        LocalHost host = NodeFiles.host(global);
        String certDir = certDirOption.nodePath(spec, global);
        ExpirationReport report = ExpirationReport.check(host, certDir, kubeconfigDirOption.nodePath(spec, global),
                CertDirOption.externalEtcd(host, certDir), Instant.now());
        PrintWriter out = spec.commandLine().getOut();
        if (global.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("kind", "CertificateExpirationInfo");
            doc.put("apiVersion", "output.kubeadm.k8s.io/v1alpha3");
            doc.put("certificates", report.certificates().stream().map(CheckExpirationCommand::json).toList());
            doc.put("certificateAuthorities", report.authorities().stream().map(CheckExpirationCommand::json).toList());
            Json.print(out, doc);
            return 0;
        }
        List<List<String>> certs = new ArrayList<>();
        certs.add(List.of("CERTIFICATE", "EXPIRES", "RESIDUAL TIME", "CERTIFICATE AUTHORITY", "EXTERNALLY MANAGED"));
        for (ExpirationReport.Entry e : report.certificates()) {
            certs.add(e.missing() ? List.of("!MISSING! " + e.name()) : List.of(e.name(), DATE.format(e.expirationDate()),
                    ExpirationReport.shortDuration(e.residual()), e.caName(), yesNo(e.externallyManaged())));
        }
        List<List<String>> cas = new ArrayList<>();
        cas.add(List.of("CERTIFICATE AUTHORITY", "EXPIRES", "RESIDUAL TIME", "EXTERNALLY MANAGED"));
        for (ExpirationReport.Entry e : report.authorities()) {
            cas.add(e.missing() ? List.of("!MISSING! " + e.name()) : List.of(e.name(), DATE.format(e.expirationDate()),
                    ExpirationReport.shortDuration(e.residual()), yesNo(e.externallyManaged())));
        }
        out.print(TextTable.render(certs));
        out.println();
        out.print(TextTable.render(cas));
        out.flush();
        return 0;
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    private static Map<String, Object> json(ExpirationReport.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", e.name());
        if (!e.missing()) {
            m.put("expirationDate", DateTimeFormatter.ISO_INSTANT.format(e.expirationDate()));
            m.put("residualTime", e.residual().getSeconds());
        }
        m.put("externallyManaged", e.externallyManaged());
        if (e.caName() != null) {
            m.put("caName", e.caName());
        }
        m.put("missing", e.missing());
        return m;
    }
}
