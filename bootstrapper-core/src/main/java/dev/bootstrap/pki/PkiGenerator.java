package dev.bootstrap.pki;

import dev.bootstrap.host.FileStat;
import dev.bootstrap.host.Host;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * kubeadm's certs phase on a host: makes the selected rows of {@link KubeadmCertificates}, reusing
 * valid existing files untouched. Everything is checked before anything is written, keys are
 * generated in parallel, and a failed write removes the files this run already wrote.
 */
public final class PkiGenerator {

    /** What happened to one row. */
    public enum Action { GENERATED, REUSED, EXTERNAL_CA }

    /**
     * @param files the paths written or reused
     * @param altNames the SANs of a serving certificate (kubeadm prints them), else {@link AltNames#NONE}
     */
    public record Outcome(String name, String baseName, CertSpec.Kind kind, Action action, List<String> files,
                          AltNames altNames) {
    }

    private final Host host;
    private final int parallelism;
    private final KeyPool ahead;

    public PkiGenerator(Host host) {
        this(host, Runtime.getRuntime().availableProcessors(), KeyPool.NONE);
    }

    /**
     * @param parallelism how many keys are generated (and certificates signed) at once; key generation is
     *                    the hot path
     * @param ahead       keys made in advance, taken first
     */
    public PkiGenerator(Host host, int parallelism, KeyPool ahead) {
        this.host = host;
        this.parallelism = Math.max(1, parallelism);
        this.ahead = ahead;
    }

    /** Makes (or reuses) the rows {@code specs} under {@code config}. */
    public List<Outcome> generate(PkiConfig config, List<CertSpec> specs) {
        config.validate();
        checkDirectory(config.certDir());
        if (specs.stream().anyMatch(CertSpec::etcd)) {
            checkDirectory(config.layout().etcdDir());
        }
        Plan plan = new Plan(config);
        specs.stream().filter(CertSpec::isCa).forEach(plan::planCa);
        specs.stream().filter(CertSpec::isLeaf).forEach(plan::planLeaf);
        specs.stream().filter(s -> s.kind() == CertSpec.Kind.KEY_PAIR).forEach(plan::planKeyPair);
        List<FileBatch.File> writes;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, plan.needKeys.size())),
                PkiGenerator::poolThread);
        try {
            writes = plan.make(pool);
        } finally {
            pool.shutdownNow();
        }
        FileBatch.write(host, writes);
        return plan.outcomes;
    }

    private static Thread poolThread(Runnable r) {
        Thread t = new Thread(r, "pki");
        t.setDaemon(true);
        return t;
    }

    private static <T> T await(Future<T> made) {
        try {
            return made.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PkiException("interrupted while generating keys and certificates", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof PkiException p ? p
                    : new PkiException("key generation or signing failed: " + e.getCause(), e.getCause());
        }
    }

    /** Each existing component of {@code dir} must be a directory; a file in the way is named up front. */
    private void checkDirectory(String dir) {
        StringBuilder path = new StringBuilder();
        for (String part : dir.substring(1).split("/")) {
            path.append('/').append(part);
            Optional<FileStat> stat = host.stat(path.toString());
            if (stat.isEmpty()) {
                return;
            }
            if (!stat.get().isDirectory()) {
                throw new PkiException("[" + host.name() + "] cannot create certificate directory " + dir + ": "
                        + path + " is a file in the way; choose another --cert-dir or remove it");
            }
        }
    }

    /** The decisions for one run, made before any key is generated or file written. */
    private final class Plan {
        final PkiConfig config;
        final Map<String, CertificateAuthority> cas = new LinkedHashMap<>();
        final Map<String, X509Certificate> externalCas = new LinkedHashMap<>();
        final List<CertSpec> toMake = new ArrayList<>();
        final List<String> needKeys = new ArrayList<>();
        final List<Outcome> outcomes = new ArrayList<>();
        /** An existing sa.key whose sa.pub is missing: the public half is written from it. */
        Optional<CertSpec> reusedKeyMissingPub = Optional.empty();

        Plan(PkiConfig config) {
            this.config = config;
        }

        PkiFile files(CertSpec spec) {
            return new PkiFile(host, config.layout(), spec);
        }

        void planCa(CertSpec spec) {
            PkiFile f = files(spec);
            if (!f.exists(f.certPath()) && !f.exists(f.keyPath())) {
                toMake.add(spec);
                needKeys.add(spec.name());
                return;
            }
            boolean external = loadExistingCa(spec, "missing, but its key " + f.keyPath() + " exists; restore the "
                    + "certificate or remove the key to have both made anew");
            outcomes.add(outcome(spec, external ? Action.EXTERNAL_CA : Action.REUSED,
                    external ? List.of(f.certPath()) : List.of(f.certPath(), f.keyPath()), AltNames.NONE));
        }

        /**
         * Loads an existing CA: with its key (must be a CA, match, be in date) or, without the key,
         * as an external CA (never for etcd). Returns whether it is external.
         */
        private boolean loadExistingCa(CertSpec spec, String whenCertMissing) {
            PkiFile f = files(spec);
            if (!f.exists(f.certPath())) {
                throw PkiException.file(host, f.certPath(), whenCertMissing);
            }
            X509Certificate cert = f.readCertificate().orElseThrow();
            checkTime(f, cert);
            if (f.exists(f.keyPath())) {
                cas.put(spec.name(), CertificateAuthority.checked(f, cert, f.readKey().orElseThrow()));
                return false;
            }
            if (spec.etcd()) {
                throw PkiException.file(host, f.keyPath(), "missing; the etcd CA cannot be external, "
                        + "provide its key next to " + f.certPath());
            }
            if (cert.getBasicConstraints() < 0) {
                throw PkiException.file(host, f.certPath(), "not a CA certificate (BasicConstraints CA:FALSE)");
            }
            externalCas.put(spec.name(), cert);
            return true;
        }

        /** The CA of a leaf, from this run or loaded from disk (a CA this run does not make must exist). */
        private void ensureCaKnown(CertSpec leaf) {
            String caName = leaf.caName();
            if (cas.containsKey(caName) || externalCas.containsKey(caName)
                    || toMake.stream().anyMatch(s -> s.name().equals(caName))) {
                return;
            }
            loadExistingCa(KubeadmCertificates.byName(caName), "CA certificate \"" + caName + "\" not found; "
                    + leaf.name() + " is signed by it: run 'bootstrap init phase certs " + caName + "' first");
        }

        void planLeaf(CertSpec spec) {
            ensureCaKnown(spec);
            PkiFile f = files(spec);
            boolean hasCert = f.exists(f.certPath());
            boolean hasKey = f.exists(f.keyPath());
            AltNames required = spec.altNames(config);
            if (!hasCert && !hasKey) {
                if (externalCas.containsKey(spec.caName())) {
                    throw PkiException.file(host, f.certPath(), "missing; in external CA mode ("
                            + NodeLayout.keyFile(KubeadmCertificates.byName(spec.caName())) + " absent) every "
                            + "certificate the CA signs must be provided, signed by that CA");
                }
                toMake.add(spec);
                needKeys.add(spec.name());
                return;
            }
            if (!hasCert || !hasKey) {
                String missing = hasCert ? f.keyPath() : f.certPath();
                String present = hasCert ? f.certPath() : f.keyPath();
                throw PkiException.file(host, missing, "missing, but " + present + " exists; restore it or "
                        + "remove " + present + " to have both made anew");
            }
            X509Certificate cert = f.readCertificate().orElseThrow();
            PrivateKey key = f.readKey().orElseThrow();
            X509Certificate caCert = cas.containsKey(spec.caName()) ? cas.get(spec.caName()).certificate()
                    : externalCas.get(spec.caName());
            if (caCert == null || !CertificateAuthority.signedBy(cert, caCert)) {
                String caFile = files(KubeadmCertificates.byName(spec.caName())).certPath();
                throw PkiException.file(host, f.certPath(), "not signed by the CA " + caFile + (caCert == null
                        ? " (which this run would make new)" : "") + "; move the old certificate and key away "
                        + "to have them made anew");
            }
            checkTime(f, cert);
            List<String> missing = Certificates.altNames(cert).missing(required);
            if (!missing.isEmpty()) {
                throw PkiException.file(host, f.certPath(), "lacks required SAN(s) " + String.join(", ", missing)
                        + "; move the certificate and key away to have them made with the current configuration");
            }
            if (!CertificateAuthority.keyMatches(key, cert.getPublicKey())) {
                throw PkiException.file(host, f.keyPath(), "does not belong to " + f.certPath());
            }
            outcomes.add(outcome(spec, Action.REUSED, List.of(f.certPath(), f.keyPath()), AltNames.NONE));
        }

        void planKeyPair(CertSpec spec) {
            PkiFile f = files(spec);
            Optional<PrivateKey> key = f.readKey();
            Optional<PublicKey> pub = f.readPublicKey();
            if (key.isEmpty()) {
                if (pub.isPresent()) {
                    throw PkiException.file(host, f.keyPath(), "missing, but " + f.publicKeyPath()
                            + " exists; restore the key or remove " + f.publicKeyPath());
                }
                toMake.add(spec);
                needKeys.add(spec.name());
                return;
            }
            if (pub.isPresent() && !CertificateAuthority.keyMatches(key.get(), pub.get())) {
                throw PkiException.file(host, f.publicKeyPath(), "does not belong to " + f.keyPath());
            }
            outcomes.add(outcome(spec, Action.REUSED, List.of(f.keyPath(), f.publicKeyPath()), AltNames.NONE));
            if (pub.isEmpty()) {
                reusedKeyMissingPub = Optional.of(spec);
            }
        }

        /**
         * Generates the keys and signs the certificates this run makes, in {@code pool}: each certificate
         * as soon as its key and its CA are there. Then lists the files to write, in plan order.
         */
        List<FileBatch.File> make(ExecutorService pool) {
            Map<String, CompletableFuture<KeyPair>> keys = new LinkedHashMap<>();
            needKeys.forEach(n -> keys.put(n, ahead.take(config.algorithm())
                    .orElseGet(() -> CompletableFuture.supplyAsync(config.algorithm()::generate, pool))));
            Map<String, CompletableFuture<CertificateAuthority>> newCas = new LinkedHashMap<>();
            Map<String, CompletableFuture<X509Certificate>> leaves = new LinkedHashMap<>();
            Map<String, CertRequest> requests = new LinkedHashMap<>();
            for (CertSpec spec : toMake) {
                CompletableFuture<KeyPair> key = keys.get(spec.name());
                if (spec.kind() == CertSpec.Kind.CA) {
                    newCas.put(spec.name(), key.thenApplyAsync(pair -> CertificateAuthority.selfSigned(
                            spec.commonName(config), pair, config.start(), config.caValidity()), pool));
                } else if (spec.kind() == CertSpec.Kind.LEAF) {
                    CompletableFuture<CertificateAuthority> ca = newCas.getOrDefault(spec.caName(),
                            CompletableFuture.completedFuture(cas.get(spec.caName())));
                    CertRequest request = spec.request(config);
                    requests.put(spec.name(), request);
                    leaves.put(spec.name(), key.thenCombineAsync(ca, (pair, issuer) -> issuer.issue(request,
                            pair.getPublic()), pool));
                }
            }
            List<FileBatch.File> writes = new ArrayList<>();
            for (CertSpec spec : toMake) {
                PkiFile f = files(spec);
                KeyPair pair = await(keys.get(spec.name()));
                switch (spec.kind()) {
                    case CA -> {
                        CertificateAuthority ca = await(newCas.get(spec.name()));
                        cas.put(spec.name(), ca);
                        addPair(writes, f, ca.certificate(), pair);
                        outcomes.add(outcome(spec, Action.GENERATED, List.of(f.certPath(), f.keyPath()), AltNames.NONE));
                    }
                    case LEAF -> {
                        CertRequest request = requests.get(spec.name());
                        X509Certificate cert = await(leaves.get(spec.name()));
                        addPair(writes, f, cert, pair);
                        outcomes.add(outcome(spec, Action.GENERATED, List.of(f.certPath(), f.keyPath()),
                                spec.serving() ? request.altNames() : AltNames.NONE));
                    }
                    case KEY_PAIR -> {
                        writes.add(new FileBatch.File(f.keyPath(), Pem.encodePrivateKey(pair), PkiFile.KEY_MODE));
                        writes.add(new FileBatch.File(f.publicKeyPath(), Pem.encodePublicKey(pair.getPublic()),
                                PkiFile.KEY_MODE));
                        outcomes.add(outcome(spec, Action.GENERATED, List.of(f.keyPath(), f.publicKeyPath()),
                                AltNames.NONE));
                    }
                }
            }
            reusedKeyMissingPub.ifPresent(spec -> {
                PkiFile f = files(spec);
                PrivateKey key = f.readKey().orElseThrow();
                writes.add(new FileBatch.File(f.publicKeyPath(), Pem.encodePublicKey(Certificates.publicKeyOf(key)),
                        PkiFile.KEY_MODE));
            });
            outcomes.sort(java.util.Comparator.comparingInt(o -> KubeadmCertificates.names().indexOf(o.name())));
            return writes;
        }

        private void addPair(List<FileBatch.File> writes, PkiFile f, X509Certificate cert, KeyPair keys) {
            writes.add(new FileBatch.File(f.keyPath(), Pem.encodePrivateKey(keys), PkiFile.KEY_MODE));
            writes.add(new FileBatch.File(f.certPath(), Pem.encodeCertificate(cert), PkiFile.CERT_MODE));
        }

        private void checkTime(PkiFile f, X509Certificate cert) {
            try {
                cert.checkValidity(Date.from(config.start()));
            } catch (CertificateExpiredException e) {
                throw PkiException.file(host, f.certPath(), "expired on " + cert.getNotAfter().toInstant()
                        + (cert.getBasicConstraints() >= 0 ? "; a CA is never renewed, replace it by hand"
                        : "; renew it with 'bootstrap certs renew'"));
            } catch (CertificateNotYetValidException e) {
                throw PkiException.file(host, f.certPath(), "not valid before " + cert.getNotBefore().toInstant()
                        + "; check the clock");
            }
        }

        private Outcome outcome(CertSpec spec, Action action, List<String> files, AltNames altNames) {
            return new Outcome(spec.name(), spec.baseName(), spec.kind(), action, files, altNames);
        }
    }
}
