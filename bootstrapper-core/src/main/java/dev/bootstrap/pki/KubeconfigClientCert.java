package dev.bootstrap.pki;

import dev.bootstrap.host.FileStat;
import dev.bootstrap.host.Host;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The client certificate embedded in a kubeconfig file ({@code users[0].user.client-certificate-data}),
 * read for the expiration report and replaced in place on renewal.
 */
public final class KubeconfigClientCert {

    private static final String CERT_FIELD = "client-certificate-data";
    private static final String KEY_FIELD = "client-key-data";

    private final Host host;
    private final String path;

    public KubeconfigClientCert(Host host, String path) {
        this.host = host;
        this.path = path;
    }

    public String path() {
        return path;
    }

    /** The embedded certificate, or empty when the file does not exist. */
    public Optional<X509Certificate> read() {
        return host.readFile(path).map(bytes -> Pem.decodeCertificate(
                Base64.getMimeDecoder().decode(field(bytes, CERT_FIELD)), "[" + host.name() + "] " + path + " "
                        + "users[0].user." + CERT_FIELD));
    }

    /**
     * Replaces the embedded certificate and key with {@code issued}, leaving every other byte of the
     * file as it was; written atomically with the file's current mode.
     */
    public void replace(IssuedCertificate issued) {
        byte[] bytes = host.readFile(path).orElseThrow(() -> PkiException.file(host, path, "not found"));
        String text = new String(bytes, StandardCharsets.UTF_8);
        text = replaceOnce(text, field(bytes, CERT_FIELD), base64(issued.certificatePem()), CERT_FIELD);
        text = replaceOnce(text, field(bytes, KEY_FIELD), base64(issued.keyPem()), KEY_FIELD);
        int mode = host.stat(path).map(FileStat::mode).orElse(PkiFile.KEY_MODE);
        host.writeFile(path, text.getBytes(StandardCharsets.UTF_8), mode);
    }

    private static String base64(byte[] pem) {
        return Base64.getEncoder().encodeToString(pem);
    }

    private String replaceOnce(String text, String old, String replacement, String field) {
        int at = text.indexOf(old);
        if (at < 0 || text.indexOf(old, at + 1) >= 0) {
            throw PkiException.file(host, path, "users[0].user." + field + " is not a single-line value "
                    + "that can be replaced in place");
        }
        return text.substring(0, at) + replacement + text.substring(at + old.length());
    }

    private String field(byte[] bytes, String field) {
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(bytes, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw PkiException.file(host, path, "not valid YAML: " + e.getMessage(), e);
        }
        Object value = doc instanceof Map<?, ?> root && root.get("users") instanceof List<?> users && !users.isEmpty()
                && users.get(0) instanceof Map<?, ?> first && first.get("user") instanceof Map<?, ?> user
                ? user.get(field) : null;
        if (!(value instanceof String s) || s.isBlank()) {
            throw PkiException.file(host, path, "users[0].user." + field + " is missing (only kubeconfig files with "
                    + "embedded client certificates are supported)");
        }
        return s.strip();
    }
}
