package dev.bootstrap.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reads what the build stamped into bootstrap-version.properties (version, git commit and tree state, date). */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"bootstrap " + build().getProperty("version", "unknown"),
                "Java " + System.getProperty("java.version")};
    }

    static Properties build() {
        Properties props = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/bootstrap-version.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props;
    }
}
