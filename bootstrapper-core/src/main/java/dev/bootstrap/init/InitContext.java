package dev.bootstrap.init;

import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.host.Host;
import dev.bootstrap.preflight.NodeFacts;
import dev.bootstrap.token.BootstrapToken;
import dev.bootstrap.uploadcerts.CertificateKey;

/**
 * What the init phases of one control plane share: the node (read-only facts and queries), where
 * files go ({@link #files}: the node itself, or a dry-run host), the resolved configuration, the
 * options, and what earlier phases produced for later ones (token, certificate key).
 */
public final class InitContext {

    private final Host node;
    private final Host files;
    private final KubeadmConfig config;
    private final NodeFacts facts;
    private final InitOptions options;
    private volatile BootstrapToken token;
    private volatile CertificateKey certificateKey;

    public InitContext(Host node, Host files, KubeadmConfig config, NodeFacts facts, InitOptions options) {
        this.node = node;
        this.files = files;
        this.config = config;
        this.facts = facts;
        this.options = options;
        this.certificateKey = options.certificateKey();
    }

    /** The real node: for reads and queries that change nothing. */
    public Host node() {
        return node;
    }

    /** Where files are written and commands run: the node, or its dry-run stand-in. */
    public Host files() {
        return files;
    }

    public KubeadmConfig config() {
        return config;
    }

    public NodeFacts facts() {
        return facts;
    }

    public InitOptions options() {
        return options;
    }

    public boolean dryRun() {
        return options.dryRun();
    }

    /** The bootstrap token printed in the join command, once the bootstrap-token phase has one. */
    public BootstrapToken token() {
        return token;
    }

    void token(BootstrapToken value) {
        token = value;
    }

    public CertificateKey certificateKey() {
        return certificateKey;
    }

    void certificateKey(CertificateKey value) {
        certificateKey = value;
    }
}
