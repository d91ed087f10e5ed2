package dev.bootstrap.init;

import dev.bootstrap.phases.SkipPhases;
import dev.bootstrap.pki.KeyPool;
import dev.bootstrap.preflight.IgnoredErrors;
import dev.bootstrap.service.ServiceManager;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.uploadcerts.CertificateKey;
import java.nio.file.Path;
import java.util.Map;

/**
 * How to run init beyond the kubeadm configuration: dry run (and where its files go), upload of
 * the control-plane certificates, checks to ignore, how to start the kubelet, which templates, which
 * phases to skip, and the environment that supplies proxy
 * variables to the static pods.
 *
 * @param certificateKey the key for --upload-certs, or null to generate one
 * @param keysAhead      keys made in advance for the certs phase ({@link KeyPool#NONE}: none)
 */
public record InitOptions(boolean dryRun, Path dryRunDir, boolean uploadCerts, CertificateKey certificateKey,
                          IgnoredErrors ignoredErrors, ServiceManager serviceManager, TemplateRenderer templates,
                          SkipPhases skipPhases, Map<String, String> environment, KeyPool keysAhead) {

    public InitOptions {
        environment = Map.copyOf(environment);
        if (dryRun && dryRunDir == null) {
            throw new IllegalArgumentException("a dry run needs a directory for the files it would write");
        }
    }
}
