package dev.bootstrap.host.ssh;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Strict host key checking against an OpenSSH known_hosts file (plain and hashed entries,
 * "[host]:port" for other ports). An unknown key is refused with its fingerprint unless accept-new
 * is on, in which case it is recorded (trust on first use). A changed key is always refused and
 * both fingerprints are named. The refusal reason is kept for the connect error.
 */
final class KnownHostsVerifier implements HostKeyVerifier {

    private static final Object APPEND_LOCK = new Object();
    private static final java.util.concurrent.atomic.AtomicReference<Parsed> LAST =
            new java.util.concurrent.atomic.AtomicReference<>();

    private final Path file;
    private final boolean acceptNew;
    private volatile String refusal;

    KnownHostsVerifier(Path file, boolean acceptNew) {
        this.file = file;
        this.acceptNew = acceptNew;
    }

    /** Why the last key was refused, or null. */
    String refusal() {
        return refusal;
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        Parsed parsed = load();
        synchronized (parsed) {
            return checker(parsed).verify(hostname, port, key);
        }
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        Parsed parsed = load();
        synchronized (parsed) {
            return checker(parsed).findExistingAlgorithms(hostname, port);
        }
    }

    /**
     * The file's entries, read afresh each time (other connections of this run may have recorded keys
     * meanwhile) but parsed again only when the text changed: every connection reads the same file twice,
     * and decoding each entry's key is the slow part. An entry of a hashed host holds its own MAC, so
     * the checks on one parse take turns (synchronized on it).
     */
    private Parsed load() {
        try {
            String text = Files.exists(file) ? Files.readString(file) : "";
            Parsed last = LAST.get();
            if (last != null && last.text().equals(text)) {
                return last;
            }
            Parsed parsed = new Parsed(text, new OpenSSHKnownHosts(new StringReader(text)).entries());
            LAST.set(parsed);
            return parsed;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read known_hosts file " + file + " (--ssh-known-hosts): "
                    + e.getMessage(), e);
        }
    }

    private Checker checker(Parsed parsed) {
        try {
            return new Checker(parsed.entries());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A known_hosts text and its parsed entries. */
    private record Parsed(String text, List<OpenSSHKnownHosts.KnownHostEntry> entries) {
    }

    private final class Checker extends OpenSSHKnownHosts {
        private int port = 22;

        Checker(List<KnownHostEntry> parsed) throws IOException {
            super(new StringReader(""));
            entries().addAll(parsed);
        }

        @Override
        public boolean verify(String hostname, int port, PublicKey key) {
            this.port = port;
            return super.verify(hostname, port, key);
        }

        @Override
        protected boolean hostKeyUnverifiableAction(String entryHost, PublicKey key) {
            String type = KeyType.fromKey(key).toString();
            if (acceptNew) {
                String line = entryHost + " " + type + " " + Base64.getEncoder().encodeToString(Fingerprints.blob(key));
                append(line);
                return true;
            }
            String bare = entryHost.startsWith("[") ? entryHost.substring(1, entryHost.indexOf(']')) : entryHost;
            refusal = "host key of " + entryHost + " is not known (no entry in " + file + "); the host offered "
                    + type + " " + Fingerprints.sha256(key) + ". Check that fingerprint on the node "
                    + "(ssh-keygen -lf /etc/ssh/ssh_host_" + shortType(type) + "_key.pub), then accept it with "
                    + "--ssh-accept-new, or add it yourself: ssh-keyscan -p " + port + " -t " + shortType(type)
                    + " " + bare + " >> " + file;
            return false;
        }

        @Override
        protected boolean hostKeyChangedAction(String entryHost, PublicKey key) {
            List<String> known = new ArrayList<>();
            for (KnownHostEntry e : entries()) {
                try {
                    if (e.appliesTo(KeyType.fromKey(key), entryHost)) {
                        known.add(fingerprintOfLine(e.getLine()));
                    }
                } catch (IOException ex) {
                    known.add("(unreadable entry: " + ex.getMessage() + ")");
                }
            }
            refusal = "host key of " + entryHost + " has CHANGED: " + file + " has " + String.join(", ", known)
                    + " but the host offered " + Fingerprints.describe(key) + ". Someone may be intercepting "
                    + "the connection, or the node was reinstalled. If you know it was, remove the old entry "
                    + "(ssh-keygen -R '" + entryHost + "' -f " + file + ") and connect again; a changed key "
                    + "is never accepted automatically, not even with --ssh-accept-new";
            return false;
        }
    }

    /** "ssh-ed25519 SHA256:..." of a known_hosts line ([marker] hosts type base64 [comment]). */
    static String fingerprintOfLine(String line) {
        String[] f = line.strip().split("\\s+");
        int typeAt = f[0].startsWith("@") ? 2 : 1;
        if (f.length <= typeAt + 1) {
            return "(malformed entry)";
        }
        try {
            return f[typeAt] + " " + Fingerprints.sha256(Base64.getDecoder().decode(f[typeAt + 1]));
        } catch (IllegalArgumentException e) {
            return f[typeAt] + " (undecodable key)";
        }
    }

    private static String shortType(String type) {
        return type.startsWith("ecdsa") ? "ecdsa" : type.equals("ssh-rsa") ? "rsa" : type.replace("ssh-", "");
    }

    private void append(String line) {
        synchronized (APPEND_LOCK) {
            try {
                Path dir = file.toAbsolutePath().getParent();
                if (dir != null) {
                    Files.createDirectories(dir);
                }
                String prefix = Files.exists(file) && Files.size(file) > 0 && !endsWithNewline() ? "\n" : "";
                Files.writeString(file, prefix + line + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new IllegalStateException("cannot record the new host key in " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private boolean endsWithNewline() throws IOException {
        byte[] all = Files.readAllBytes(file);
        return all.length == 0 || all[all.length - 1] == '\n';
    }

    @Override
    public String toString() {
        return "known_hosts " + file + (acceptNew ? " (accept-new)" : "");
    }
}
