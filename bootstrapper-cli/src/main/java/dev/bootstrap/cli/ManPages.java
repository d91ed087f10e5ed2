package dev.bootstrap.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes a man page (troff, man(7) macros) per command, bootstrap.1, bootstrap-init.1, bootstrap-init-phase-certs.1
 * and so on, from picocli's model of the whole tree: what --help prints, laid out for man. scripts/dist.sh runs it
 * ({@code java -cp bootstrap.jar dev.bootstrap.cli.ManPages DIR}). picocli-codegen's ManPageGenerator would write
 * AsciiDoc, which needs asciidoctor to become troff; this needs nothing but the jar.
 */
public final class ManPages {

    private ManPages() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        Properties build = VersionProvider.build();
        String version = build.getProperty("version", "");
        String date = build.getProperty("buildDate", "").replaceFirst("T.*", "");
        for (Page p : pages(CommandTree.whole())) {
            Files.writeString(dir.resolve(p.name() + ".1"), page(p, version, date));
        }
    }

    /**
     * Every command by its page name: the words that call it, joined by '-' ("bootstrap-init-phase-certs-all").
     * (A phase command keeps its verb's own name in picocli's model, so the names come from the path, and an
     * alias, a second key for the same command, gets no page of its own.)
     */
    static List<Page> pages(CommandLine root) {
        List<Page> pages = new ArrayList<>();
        walk(new Page(List.of(root.getCommandName()), root), pages);
        return pages;
    }

    /** A command's page: the words that call it ("bootstrap", "token", "list"). */
    record Page(List<String> words, CommandLine cli) {

        String name() {
            return String.join("-", words);
        }

        /** The parent's page name; null for bootstrap itself. */
        String parent() {
            return words.size() == 1 ? null : String.join("-", words.subList(0, words.size() - 1));
        }
    }

    private static void walk(Page page, List<Page> pages) {
        pages.add(page);
        subcommands(page.cli()).forEach((word, sub) -> {
            List<String> words = new ArrayList<>(page.words());
            words.add(word);
            walk(new Page(List.copyOf(words), sub), pages);
        });
    }

    /** The visible subcommands by the word that calls them, aliases left out. */
    private static Map<String, CommandLine> subcommands(CommandLine cli) {
        Map<String, CommandLine> subs = new LinkedHashMap<>();
        Set<CommandLine> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        cli.getSubcommands().forEach((word, sub) -> {
            if (seen.add(sub) && !sub.getCommandSpec().usageMessage().hidden()) {
                subs.put(word, sub);
            }
        });
        return subs;
    }

    static String page(Page page, String version, String date) {
        CommandSpec spec = page.cli().getCommandSpec();
        String name = page.name();
        Help help = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF));
        StringBuilder s = new StringBuilder();
        s.append(".TH ").append(quoted(name.toUpperCase(java.util.Locale.ROOT))).append(" 1 ").append(quoted(date))
                .append(' ').append(quoted("bootstrap " + version)).append(' ').append(quoted("bootstrap Manual")).append('\n');
        String[] description = spec.usageMessage().description();
        s.append(".SH NAME\n").append(escape(name)).append(" \\- ")
                .append(escape(description.length > 0 ? firstLine(description[0]) : spec.qualifiedName())).append('\n');
        String synopsis = help.synopsis(0).stripTrailing().replaceFirst(Pattern.quote(spec.qualifiedName()),
                Matcher.quoteReplacement(String.join(" ", page.words())));
        s.append(".SH SYNOPSIS\n.nf\n").append(text(synopsis)).append("\n.fi\n");
        if (description.length > 0) {
            s.append(".SH DESCRIPTION\n");
            for (String line : help.description().stripTrailing().split("\n")) {
                s.append(line.isBlank() ? ".PP" : text(line.strip())).append('\n');
            }
        }
        List<PositionalParamSpec> positionals = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!positionals.isEmpty()) {
            s.append(".SH ARGUMENTS\n");
            positionals.forEach(p -> item(s, "\\fI" + escape(p.paramLabel()) + "\\fR", p.description()));
        }
        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            s.append(".SH OPTIONS\n");
            for (OptionSpec o : options) {
                List<String> names = new ArrayList<>();
                for (String n : o.names()) {
                    names.add("\\fB" + escape(n) + "\\fR");
                }
                String label = o.arity().max() > 0 ? "=\\fI" + escape(o.paramLabel()) + "\\fR" : "";
                item(s, String.join(", ", names) + label, o.description());
            }
        }
        Map<String, CommandLine> subs = subcommands(page.cli());
        if (!subs.isEmpty()) {
            s.append(".SH COMMANDS\n");
            subs.forEach((word, sub) -> {
                String[] d = sub.getCommandSpec().usageMessage().description();
                item(s, "\\fB" + escape(word) + "\\fR", d.length > 0 ? new String[] {firstLine(d[0])} : d);
            });
        }
        List<String> related = new ArrayList<>();
        if (page.parent() != null) {
            related.add(page.parent());
        }
        subs.keySet().forEach(word -> related.add(name + "-" + word));
        if (!related.isEmpty()) {
            s.append(".SH SEE ALSO\n").append(String.join(", ",
                    related.stream().map(r -> "\\fB" + escape(r) + "\\fR(1)").toList())).append('\n');
        }
        return s.toString();
    }

    private static void item(StringBuilder s, String tag, String[] description) {
        s.append(".TP\n").append(tag).append('\n');
        for (String line : description) {
            for (String l : line.split("\\R")) {
                s.append(l.isBlank() ? ".br" : text(l.strip())).append('\n');
            }
        }
    }

    private static String firstLine(String description) {
        return description.split("\\R", 2)[0].strip();
    }

    /** A text line: escaped, and never read as a request (a leading '.' or '''). */
    private static String text(String line) {
        String escaped = escape(line);
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }

    private static String escape(String s) {
        return s.replace("\\", "\\e").replace("-", "\\-");
    }

    private static String quoted(String s) {
        return "\"" + escape(s).replace("\"", "\\(dq") + "\"";
    }
}
