package dev.bootstrap.init;

import dev.bootstrap.pki.KeyPool;
import dev.bootstrap.preflight.IgnoredErrors;
import dev.bootstrap.service.ServiceManager;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.uploadcerts.CertificateKey;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * How to run init beyond the kubeadm configuration: dry run (and where its files go), upload of
 * the control-plane certificates, checks to ignore, how to start the kubelet, which templates, which
 * phases to skip (kubeadm's names, "phase" or "phase/sub"), and the environment that supplies proxy
 * variables to the static pods.
 *
 * @param certificateKey the key for --upload-certs, or null to generate one
 * @param keysAhead      keys made in advance for the certs phase ({@link KeyPool#NONE}: none)
 */
public record InitOptions(boolean dryRun, Path dryRunDir, boolean uploadCerts, CertificateKey certificateKey,
                          IgnoredErrors ignoredErrors, ServiceManager serviceManager, TemplateRenderer templates,
                          Set<String> skipPhases, Map<String, String> environment, KeyPool keysAhead) {

    public InitOptions {
        skipPhases = Set.copyOf(skipPhases);
        environment = Map.copyOf(environment);
        if (dryRun && dryRunDir == null) {
            throw new IllegalArgumentException("a dry run needs a directory for the files it would write");
        }
    }

    /** Whether the user skipped this phase or sub-phase ("certs/etcd-ca" is skipped by "certs" too). */
    public boolean skips(String phaseOrSub) {
        if (skipPhases.contains(phaseOrSub)) {
            return true;
        }
        int slash = phaseOrSub.indexOf('/');
        return slash > 0 && skipPhases.contains(phaseOrSub.substring(0, slash));
    }
}
