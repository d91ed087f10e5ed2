package dev.bootstrap.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven stamped into bootstrap-version.properties. */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        Properties props = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/bootstrap-version.properties")) {
            if (in != null) {
                props.load(in);
            }
        }
        return new String[] {"bootstrap " + props.getProperty("version", "unknown"),
                "Java " + System.getProperty("java.version")};
    }
}
