package dev.bootstrap.cli;

import dev.bootstrap.preflight.CheckResult;
import dev.bootstrap.preflight.HostReport;
import dev.bootstrap.preflight.KubeadmFormat;
import dev.bootstrap.preflight.NodeFacts;
import dev.bootstrap.preflight.PreflightReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import dev.bootstrap.host.ssh.ConnectionProbe;

/** Prints a {@link PreflightReport}: a per-host table plus kubeadm's summary, or JSON. */
final class PreflightPrinter {

    private final PrintWriter out;

    PreflightPrinter(PrintWriter out) {
        this.out = out;
    }

    void text(PreflightReport report) {
        Table table = new Table("HOST", "CHECK", "SEVERITY", "RESULT", "DETAIL");
        for (HostReport host : report.hosts()) {
            if (host.error().isPresent()) {
                table.row(host.host(), "-", "error", "UNREACHABLE", host.error().get());
            }
            for (CheckResult r : host.results()) {
                table.row(host.host(), r.name(), severity(r), r.outcome(), r.message());
                if (!r.passed() && !r.fix().isEmpty()) {
                    table.row("", "", "", "", "fix: " + r.fix());
                }
            }
        }
        table.print(out);
        for (HostReport host : report.hosts()) {
            summary(host);
        }
        out.flush();
    }

    /** kubeadm's own lines per host, so its familiar text is there to search for. */
    private void summary(HostReport host) {
        out.println();
        out.println("[preflight] " + host.host() + " (" + host.role().label() + "): " + (host.error().isPresent()
                ? "not checked: " + host.error().get()
                : host.fatalErrors().size() + " error(s), " + host.warnings().size() + " warning(s)"));
        KubeadmFormat.warnings(host.results()).forEach(out::println);
        KubeadmFormat.fatalErrors(host.results()).ifPresent(out::println);
    }

    /** The --connect-only report: one row (or JSON object) per host. */
    void connections(List<ConnectionProbe.Report> reports, boolean json) {
        if (json) {
            out.println(Json.pretty(Map.of("hosts", reports)));
        } else {
            Table table = new Table("HOST", "REACHABLE", "AUTH", "SUDO", "OS", "KERNEL");
            for (ConnectionProbe.Report r : reports) {
                if (r.reachable()) {
                    table.row(r.host(), "yes", r.authMethod(), r.sudo(), r.os(), r.kernel());
                } else {
                    table.row(r.host(), "no", "-", "-", "-", r.error().lines().findFirst().orElse(""));
                }
            }
            table.print(out);
            reports.stream().filter(r -> !r.reachable()).forEach(r -> out.println("\n" + r.error()));
        }
        out.flush();
    }

    private static String severity(CheckResult r) {
        return r.severity().name().toLowerCase(Locale.ROOT);
    }

    void json(PreflightReport report) {
        List<Map<String, Object>> hosts = new ArrayList<>();
        for (HostReport host : report.hosts()) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("host", host.host());
            h.put("role", host.role().label());
            h.put("reachable", host.error().isEmpty());
            host.error().ifPresent(e -> h.put("error", e));
            host.facts().ifPresent(f -> h.put("node", node(f)));
            List<Map<String, Object>> checks = new ArrayList<>();
            for (CheckResult r : host.results()) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("name", r.name());
                c.put("severity", severity(r));
                c.put("result", r.outcome());
                c.put("message", r.message());
                if (!r.passed() && !r.fix().isEmpty()) {
                    c.put("fix", r.fix());
                }
                checks.add(c);
            }
            h.put("checks", checks);
            h.put("fatal", host.fatal());
            hosts.add(h);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("hosts", hosts);
        root.put("fatal", report.fatal());
        out.println(Json.pretty(root));
        out.flush();
    }

    private static Map<String, Object> node(NodeFacts f) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("hostname", f.hostname());
        n.put("os", f.osName());
        n.put("kernel", f.kernel());
        n.put("pid1", f.pid1());
        n.put("cpus", f.cpus());
        n.put("memoryMB", f.memTotalKiB() / 1024);
        n.put("cgroups", f.cgroupV2() ? "v2" : "v1");
        f.clockOffset().ifPresent(d -> n.put("clockOffsetMs", d.toMillis()));
        return n;
    }
}
