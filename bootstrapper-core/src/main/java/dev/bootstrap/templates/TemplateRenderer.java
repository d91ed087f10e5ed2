package dev.bootstrap.templates;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.TemplateContext;
import com.github.mustachejava.reflect.Guard;
import com.github.mustachejava.reflect.MissingWrapper;
import com.github.mustachejava.reflect.ReflectionObjectHandler;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Renders templates with Mustache (mustache.java). In {@code .yaml} templates {@code {{name}}}
 * inserts the value as a YAML scalar that reads back as exactly that string (see {@link YamlScalars}),
 * in {@code .toml} templates as a TOML basic string ({@link TomlStrings}), and {@code {{{name}}}} inserts
 * it raw (numbers, booleans); in other templates both insert text as is.
 * A variable the scope does not define is an error naming the template and line, never an empty string.
 */
public final class TemplateRenderer {

    private final TemplateSource source;

    public TemplateRenderer(TemplateSource source) {
        this.source = source;
    }

    /** The template's text and its rendering. */
    public record Output(TemplateSource.Template template, String text) {
    }

    public Output render(String name, Map<String, Object> scope) {
        TemplateSource.Template template = source.load(name);
        UnaryOperator<String> encoder = name.endsWith(".yaml") ? YamlScalars::scalar
                : name.endsWith(".toml") ? TomlStrings::basic : UnaryOperator.identity();
        DefaultMustacheFactory factory = new Factory(encoder);
        factory.setObjectHandler(new StrictObjectHandler());
        try {
            Mustache mustache = factory.compile(new StringReader(template.text()), template.origin());
            StringWriter out = new StringWriter();
            mustache.execute(out, scope);
            return new Output(template, out.toString());
        } catch (MustacheException e) {
            throw new TemplateException(describe(template, e), e);
        }
    }

    private static String describe(TemplateSource.Template template, MustacheException e) {
        TemplateContext context = e.getContext();
        for (Throwable t = e; t != null && context == null; t = t.getCause()) {
            if (t instanceof MustacheException me) {
                context = me.getContext();
            }
        }
        String where = context != null ? template.origin() + ":" + context.line() : template.origin();
        String problem = e.getMessage();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof MustacheException me && me.getMessage() != null) {
                problem = me.getMessage();
            }
        }
        return "template " + where + ": " + (problem == null ? e.toString() : problem.replaceAll(" @\\[.*]", ""));
    }

    /** No partials from the file system or classpath: a template is one file. */
    private static final class Factory extends DefaultMustacheFactory {

        private final UnaryOperator<String> encoder;

        Factory(UnaryOperator<String> encoder) {
            this.encoder = encoder;
        }

        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(encoder.apply(value));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public java.io.Reader getReader(String resourceName) {
            throw new MustacheException("partials ({{> " + resourceName + "}}) are not supported in bootstrap templates");
        }
    }

    private static final class StrictObjectHandler extends ReflectionObjectHandler {

        @Override
        protected MissingWrapper createMissingWrapper(String name, List<Guard> guards) {
            throw new MustacheException("unknown variable \"" + name + "\"");
        }
    }
}
