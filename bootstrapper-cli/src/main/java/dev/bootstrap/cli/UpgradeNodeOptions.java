package dev.bootstrap.cli;

import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which node an upgrade command works on (this machine or one over SSH) and the templates it renders with. */
final class UpgradeNodeOptions {

    @Mixin
    NodeOptions node;

    @Option(names = "--templates-dir", paramLabel = "DIR",
            description = "Directory whose files override the built-in templates of the same name.")
    Path templatesDir;

    TemplateRenderer templates() {
        return new TemplateRenderer(templatesDir == null ? TemplateSource.builtIn()
                : TemplateSource.withOverrides(templatesDir));
    }
}
