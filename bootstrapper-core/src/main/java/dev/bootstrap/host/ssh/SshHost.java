package dev.bootstrap.host.ssh;

import dev.bootstrap.host.CommandResult;
import dev.bootstrap.host.ConnectionLostException;
import dev.bootstrap.host.FileStat;
import dev.bootstrap.host.FileWrite;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostException;
import dev.bootstrap.host.Shell;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * A node reached over SSH: one connection for the whole run (plus one per bastion), each command a
 * channel on it. Commands run as root: directly when logged in as root, else through sudo (sudo -n,
 * or sudo -S with the password written to the command's stdin, never on its command line).
 *
 * <p>Every command runs under coreutils {@code timeout -k}, which signals the command's whole
 * process group on the node, so a timeout really ends the remote work, not just our wait.
 */
public final class SshHost implements Host {

    /** How long after TERM a timed-out command gets before KILL. */
    private static final int KILL_AFTER_SECONDS = 2;
    /** Exit code of our scripts for "nothing at that path". */
    private static final int MISSING = 44;
    /** Exit code of our write scripts for "a file did not fit": ENOSPC's errno; stderr's last line names the file. */
    private static final int NO_SPACE = 28;
    /** How long output may still arrive after the exit status when the channel stays open. */
    private static final long OUTPUT_GRACE_MS = 1000;
    private static final Duration FILE_OP_TIMEOUT = Duration.ofMinutes(2);
    private static final java.security.SecureRandom TOKENS = new java.security.SecureRandom();
    private static final ExecutorService STREAMS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ssh-stream");
        t.setDaemon(true);
        return t;
    });

    /** How this host gets root. */
    public enum Sudo {
        /** Logged in as root. */
        ROOT,
        /** sudo -n: passwordless sudo. */
        NOPASSWD,
        /** sudo -S with a password on stdin. */
        PASSWORD
    }

    private final String name;
    private final SshRoute route;
    private final List<SSHClient> clients;
    private final String authMethod;
    private final SshConnectOptions options;
    private final SecretSource secrets;
    private final List<java.io.Closeable> tunnels = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Sudo sudo;
    private volatile char[] sudoPassword;

    SshHost(String name, SshRoute route, List<SSHClient> clients, String authMethod, SshConnectOptions options,
            SecretSource secrets) {
        this.name = name;
        this.route = route;
        this.clients = List.copyOf(clients);
        this.authMethod = authMethod;
        this.options = options;
        this.secrets = secrets;
        this.sudo = loggedInAsRoot() ? Sudo.ROOT : null;
    }

    @Override
    public String name() {
        return name;
    }

    public SshRoute route() {
        return route;
    }

    /** How the connection authenticated, e.g. "publickey /root/.ssh/id_ed25519". */
    public String authMethod() {
        return authMethod;
    }

    /** The connection to the node itself (for the write benchmark's SFTP comparison). */
    SSHClient client() {
        return clients.get(clients.size() - 1);
    }

    /** Logged in as root: no sudo needed. */
    boolean loggedInAsRoot() {
        return "root".equals(route.target().user());
    }

    /** How commands get root on this host; determined (and checked) on first use. */
    public synchronized Sudo sudo() {
        if (sudo == null) {
            sudo = detectSudo();
        }
        return sudo;
    }

    private Sudo detectSudo() {
        String user = route.target().user();
        Raw nopasswd = exec("sudo -n true", null, Duration.ofSeconds(30));
        if (nopasswd.exit() == 0) {
            return Sudo.NOPASSWD;
        }
        if (nopasswd.exit() == 127) {
            throw new HostException(name, "user " + user + " is not root and sudo is not installed on the node: "
                    + "connect as root (--ssh-user root) or install sudo");
        }
        Optional<char[]> pw = sudoPasswordIfGiven();
        if (pw.isEmpty()) {
            throw new HostException(name, "user " + user + " cannot run sudo without a password ("
                    + firstLine(nopasswd.stderr()) + "). Give the sudo password with --sudo-password-env NAME, "
                    + "allow NOPASSWD sudo for " + user + ", or connect as root.");
        }
        Raw withPassword = exec("sudo -k -S -p '' true", passwordLine(pw.get()), Duration.ofSeconds(30));
        if (withPassword.exit() != 0) {
            throw new HostException(name, "sudo with the given password failed for user " + user + " ("
                    + firstLine(withPassword.stderr()) + "): check the password"
                    + (options.sudoPasswordEnv() == null ? "" : " in $" + options.sudoPasswordEnv())
                    + " and that " + user + " may use sudo.");
        }
        sudoPassword = pw.get();
        return Sudo.PASSWORD;
    }

    /** The sudo password from the variable the user named or the prompt; empty when none was given. */
    Optional<char[]> sudoPasswordIfGiven() {
        if (sudoPassword != null) {
            return Optional.of(sudoPassword);
        }
        String env = options.sudoPasswordEnv();
        Optional<char[]> pw = secrets.secret(env, "sudo " + route.target().user(),
                "[sudo] password for " + route.target().user() + " on the nodes: ");
        if (pw.isEmpty() && env != null) {
            throw new HostException(name, "environment variable " + env + " (--sudo-password-env) is not set");
        }
        return pw;
    }

    @Override
    public CommandResult run(String command, Duration timeout) {
        Raw r = privileged(command, null, timeout);
        return new CommandResult(r.exit(), utf8(r.stdout()), utf8(r.stderr()), r.duration(), r.timedOut());
    }

    @Override
    public Optional<byte[]> readFile(String path) {
        String p = Shell.quote(absolute(path));
        Raw r = fileOp(unlessMissing("[ -e " + p + " ]", "cat -- " + p), null);
        if (r.exit() == MISSING) {
            return Optional.empty();
        }
        check(r, "cannot read " + path);
        return Optional.of(r.stdout());
    }

    /**
     * Streams the content into a temporary file next to the target, then renames it over the target:
     * readers see the old file or the new one. A lost connection ends the node's input early as if it
     * were all the content, so the node compares what it received with the length and checksum the
     * command carries (POSIX cksum) and renames only on a match. Through stdin rather than SFTP so the
     * same path works under sudo, in one round trip; SFTP is faster for root (scripts/bench-ssh.sh:
     * about 8 vs 28 ms per small file) but cannot use sudo. Processes on the node: cat, cksum and mv, or install, cksum
     * and mv when a mode beyond 0666 or an owner is to be set (install sets both in one).
     */
    @Override
    public void writeFile(String path, byte[] content, int mode, String owner) {
        writeFile(path, content, mode, owner, newToken());
    }

    /** {@link #writeFile(String, byte[], int, String)} with the temporary file's token given (tests). */
    void writeFile(String path, byte[] content, int mode, String owner, String token) {
        checkWrite(fileOp(writeScript(absolute(path), content, mode, owner, token), content), "cannot write " + path);
    }

    /** The script (run by sh -c, the content on its stdin) that {@link #writeFile} runs on the node. */
    static String writeScript(String target, byte[] content, int mode, String owner, String token) {
        StringBuilder script = new StringBuilder(WRITE_PRELUDE);
        if (owner == null && settableByUmask(mode)) {
            createTemporary(script, target, token, 0, mode, "cat", content.length);
        } else {
            String owned = "";
            if (owner != null) {
                int colon = owner.indexOf(':');
                String user = colon < 0 ? owner : owner.substring(0, colon);
                String group = colon < 0 ? "" : owner.substring(colon + 1);
                owned = (user.isEmpty() ? "" : " -o " + Shell.quote(user)) + (group.isEmpty() ? "" : " -g " + Shell.quote(group));
            }
            createTemporary(script, target, token, 0, 0600, ":", 0);
            script.append("install -m ").append(octal(mode)).append(owned).append(" /dev/stdin \"$t\" || ")
                    .append(full(target, content.length)).append('\n');
        }
        String n = Integer.toString(content.length);
        String p = Shell.quote(target);
        // "CRC LENGTH" is cksum's output for its stdin; the length it counted says how much arrived.
        script.append("c=$(cksum <\"$t\"); case $c in '").append(cksum(content)).append(' ').append(n).append("') ;;\n")
                .append("*' ").append(n).append("') printf '%s: the ").append(n)
                .append(" bytes received do not match their checksum; nothing was replaced\\n' ").append(p).append(" >&2; exit 1;;\n")
                .append("*) printf 'received %s of ").append(n)
                .append(" bytes of %s: the connection ended early; nothing was replaced\\n' \"${c#* }\" ").append(p)
                .append(" >&2; exit 1;;\nesac\n");
        script.append("mv -fT -- \"$t\" ").append(p).append("; t=");
        return script.toString();
    }

    /** The CRC POSIX cksum prints: CRC-32 (polynomial 04C11DB7, unreflected) of the bytes, then of their length. */
    static long cksum(byte[] content) {
        int crc = 0;
        for (byte b : content) {
            crc = (crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b) & 0xff];
        }
        for (long n = content.length; n != 0; n >>>= 8) {
            crc = (crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ (int) n) & 0xff];
        }
        return ~crc & 0xffffffffL;
    }

    private static final int[] CRC_TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i << 24;
            for (int bit = 0; bit < 8; bit++) {
                c = c < 0 ? (c << 1) ^ 0x04C11DB7 : c << 1;
            }
            CRC_TABLE[i] = c;
        }
    }

    /**
     * All files in one round trip: a script on stdin that writes each as {@link #writeFile} does
     * (temporary file next to the target, mode and owner, rename), the content carried by the shell's
     * builtin printf as octal escapes. One process per file (mv) when the umask can give the mode and
     * no owner is set; chmod and chown only when they are needed. The script is one compound command
     * ending in exit: the shell parses all of it before running any of it, so a script cut short by a
     * lost connection is a syntax error (or, when empty, the message after it) and changes nothing.
     */
    @Override
    public void writeFiles(List<FileWrite> writes) {
        writeFiles(writes, newToken());
    }

    /** {@link #writeFiles(List)} with the temporary files' token given (tests). */
    void writeFiles(List<FileWrite> writes, String token) {
        if (writes.size() < 2) {
            writes.forEach(w -> writeFile(w.path(), w.content(), w.mode(), w.owner(), token));
            return;
        }
        writes.forEach(w -> absolute(w.path()));
        checkWrite(fileOp(WRITE_FILES_COMMAND, writeFilesScript(writes, token)),
                "cannot write " + String.join(", ", writes.stream().map(FileWrite::path).toList()));
    }

    /** What {@link #writeFiles} runs on the node: {@link #writeFilesScript} from its stdin, in this shell. */
    static final String WRITE_FILES_COMMAND =
            ". /dev/stdin; echo 'the write script arrived cut short; nothing was written' >&2; exit 1";

    /** The script {@link #writeFiles} sends on the node's stdin; paths must be absolute. */
    static byte[] writeFilesScript(List<FileWrite> writes, String token) {
        StringBuilder script = new StringBuilder("{\n").append(WRITE_PRELUDE);
        for (int i = 0; i < writes.size(); i++) {
            FileWrite w = writes.get(i);
            StringBuilder printf = new StringBuilder("printf '");
            printfEscaped(w.content(), printf);
            createTemporary(script, w.path(), token, i, settableByUmask(w.mode()) ? w.mode() : 0600, printf.append('\'').toString(),
                    w.content().length);
            if (!settableByUmask(w.mode())) {
                script.append("chmod ").append(octal(w.mode())).append(" -- \"$t\"\n");
            }
            if (w.owner() != null) {
                script.append("chown ").append(Shell.quote(w.owner())).append(" -- \"$t\"\n");
            }
            script.append("mv -fT -- \"$t\" ").append(Shell.quote(w.path())).append("; t=\n");
        }
        script.append("exit 0\n}\n");
        return script.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Start of a write script: stop at the first failure, and remove the temporary file ($t, set once
     * this script created it) on any exit before its rename (no rm process after a success). SIGPIPE
     * is ignored: after a lost connection a message to stderr would otherwise kill the shell before
     * its EXIT trap runs. fresh() names a file already at the temporary path rather than writing
     * through it; noclobber (set -C: O_EXCL) also refuses one that appears after that check.
     * full() runs after a failed write, while the partial temporary file still takes its space: if the file did
     * not fit in what its file system has free (plus a block), the shells' own words ("I/O error", "No space
     * left on device", or none) do not matter: it names the file and the free space and exits {@link #NO_SPACE};
     * else it exits with the write's status, its message already on stderr. Only on failure: df is one process.
     */
    private static final String WRITE_PRELUDE = "set -eC; t=; trap '[ -z \"$t\" ] || rm -f -- \"$t\"' EXIT; trap '' PIPE\n"
            + "fresh() { if [ -e \"$1\" ] || [ -L \"$1\" ]; then t=; printf '%s is in the way of a temporary file:"
            + " remove it and retry\\n' \"$1\" >&2; exit 1; fi; }\n"
            + "full() { s=$?; k=$(df -Pk -- \"$1\" 2>/dev/null | { read -r _; read -r _ _ _ k _; echo \"$k\"; })\n"
            + "case $k in ''|*[!0-9]*) exit $s;; esac; [ $((k * 1024)) -lt $(($3 + 4096)) ] || exit $s\n"
            + "printf '%s: no space left on device (%s KiB free on %s)\\n' \"$2\" \"$k\" \"$1\" >&2; exit " + NO_SPACE + "; }\n";

    /** The call of the prelude's full() after a failed write of {@code size} bytes to {@code target}. */
    private static String full(String target, int size) {
        return "full " + Shell.quote(directory(target)) + " " + Shell.quote(target) + " " + size;
    }

    private static String directory(String target) {
        int slash = target.lastIndexOf('/');
        return slash == 0 ? "/" : target.substring(0, slash);
    }

    /**
     * Appends the lines that create the target's directory if needed and its temporary file,
     * ".<name>.<token>.<index>" next to it, with the given mode (through the umask, so it is never
     * more open than that) and the output of the given command as its content; $t names it after.
     */
    private static void createTemporary(StringBuilder script, String target, String token, int index, int mode,
                                        String content, int size) {
        int slash = target.lastIndexOf('/');
        String dir = Shell.quote(directory(target));
        String temp = Shell.quote(target.substring(0, slash + 1) + "." + target.substring(slash + 1) + "." + token + "." + index);
        script.append("umask 022; [ -d ").append(dir).append(" ] || mkdir -p -- ").append(dir).append("; fresh ").append(temp)
                .append("\numask ").append(octal(~mode & 0777)).append("; { t=").append(temp).append("; ").append(content)
                .append("; } >").append(temp).append(" || ").append(full(target, size)).append('\n');
    }

    /** Whether creating a file under a umask can give this mode (open(2) asks for 0666 at most). */
    private static boolean settableByUmask(int mode) {
        return (mode & ~0666) == 0;
    }

    /** A random part for temporary names: unguessable, so nothing can be put in their way beforehand. */
    private static String newToken() {
        byte[] b = new byte[6];
        TOKENS.nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    /**
     * Bytes as a printf format inside single quotes: printable ASCII as is, % doubled, the rest as
     * \ooo; a leading "-" too, or printf would take "-----BEGIN" for an option.
     */
    private static void printfEscaped(byte[] content, StringBuilder out) {
        for (int i = 0; i < content.length; i++) {
            int c = content[i] & 0xff;
            if (c == '%') {
                out.append("%%");
            } else if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'' && (i > 0 || c != '-')) {
                out.append((char) c);
            } else {
                out.append('\\').append((char) ('0' + (c >> 6))).append((char) ('0' + ((c >> 3) & 7)))
                        .append((char) ('0' + (c & 7)));
            }
        }
    }

    /**
     * Runs {@code command} where the shell test {@code present} holds; exits {@link #MISSING} when it does
     * not. A path that vanished between the test and the command (a kubelet removing it meanwhile) is looked
     * at again, a few times, so that only a failure on a path that stays is an error.
     */
    private static String unlessMissing(String present, String command) {
        return "for i in 1 2 3; do " + present + " || exit " + MISSING + "; " + command + " && exit 0; s=$?; done;"
                + " exit $s";
    }

    @Override
    public Optional<FileStat> stat(String path) {
        String p = Shell.quote(absolute(path));
        Raw r = fileOp(unlessMissing("[ -e " + p + " ] || [ -L " + p + " ]",
                "stat -c '" + FileStat.STAT_FORMAT + "' -- " + p), null);
        if (r.exit() == MISSING) {
            return Optional.empty();
        }
        check(r, "cannot stat " + path);
        return Optional.of(FileStat.parse(utf8(r.stdout())));
    }

    @Override
    public void mkdirs(String path, int mode) {
        String p = Shell.quote(absolute(path));
        check(fileOp("umask 022; mkdir -p -- " + p + " && chmod " + octal(mode) + " -- " + p, null),
                "cannot create directory " + path);
    }

    @Override
    public void remove(String path) {
        check(fileOp("rm -rf -- " + Shell.quote(absolute(path)), null), "cannot remove " + path);
    }

    /** A local port forwarded over this connection (direct-tcpip): nothing needs to run on the node. */
    @Override
    public java.net.InetSocketAddress forward(String address, int port) {
        try {
            ForwardListener listener = new ForwardListener();
            net.schmizz.sshj.connection.channel.direct.LocalPortForwarder forwarder = client().newLocalPortForwarder(
                    new net.schmizz.sshj.connection.channel.direct.Parameters("127.0.0.1", listener.getLocalPort(),
                            address, port), listener);
            Thread t = new Thread(() -> {
                // sshj's listen() ends when one channel cannot be opened (nothing listens on the node
                // yet, as while a component starts); keep accepting until the host closes the listener.
                while (!listener.isClosed()) {
                    try {
                        forwarder.listen();
                    } catch (java.io.IOException e) {
                        if (!listener.isClosed()) {
                            try {
                                Thread.sleep(100);
                            } catch (InterruptedException ie) {
                                return;
                            }
                        }
                    }
                }
            }, "ssh-forward-" + name + "-" + port);
            t.setDaemon(true);
            t.start();
            // sshj's listen() keeps calling accept() on a closed listener (a busy loop) until its thread
            // is interrupted, so closing interrupts too; the listener closes the tunnels it accepted.
            tunnels.add(() -> {
                t.interrupt();
                listener.close();
            });
            return new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), listener.getLocalPort());
        } catch (java.io.IOException e) {
            throw new HostException(name, "cannot forward a local port to " + address + ":" + port + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        for (java.io.Closeable c : tunnels) {
            try {
                c.close();
            } catch (java.io.IOException ignored) {
                // closing anyway
            }
        }
        tunnels.clear();
        SshConnector.closeAll(clients);
    }

    /** What a remote command did, with raw output bytes. */
    record Raw(int exit, byte[] stdout, byte[] stderr, Duration duration, boolean timedOut) {
    }

    /** Runs as root (through sudo when needed) under a remote timeout. */
    private Raw privileged(String command, byte[] stdin, Duration timeout) {
        return asRoot("timeout -k " + KILL_AFTER_SECONDS + " " + seconds(timeout) + " sh -c " + Shell.quote(command),
                stdin, timeout);
    }

    /**
     * A file operation as root: no timeout(1) around it (one process less for each of the many small
     * reads, writes and stats); this side still gives up after {@link #FILE_OP_TIMEOUT}.
     */
    private Raw fileOp(String command, byte[] stdin) {
        return asRoot("sh -c " + Shell.quote(command), stdin, FILE_OP_TIMEOUT);
    }

    private Raw asRoot(String limited, byte[] stdin, Duration timeout) {
        return switch (sudo()) {
            case ROOT -> exec(limited, stdin, timeout);
            case NOPASSWD -> exec("sudo -n -- " + limited, stdin, timeout);
            // -k: never use cached credentials, so sudo always reads (only) the password line first.
            case PASSWORD -> exec("sudo -k -S -p '' -- " + limited, concat(passwordLine(sudoPassword), stdin), timeout);
        };
    }

    /**
     * Runs a command line as the login user on a new channel. The remote side ends a command at the
     * timeout (see {@link #privileged}); the wait here allows for the kill grace and then gives up.
     */
    Raw exec(String commandLine, byte[] stdin, Duration timeout) {
        long start = System.nanoTime();
        SSHClient client = client();
        try (Session session = client.startSession()) {
            Session.Command cmd = session.exec(commandLine);
            CompletableFuture<byte[]> out = drain(cmd.getInputStream());
            CompletableFuture<byte[]> err = drain(cmd.getErrorStream());
            try (OutputStream in = cmd.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                    // sshj's ChannelOutputStream.close() sends what it still buffers only if the remote window has
                    // room, and drops it otherwise; flush() waits for the window.
                    in.flush();
                }
            } catch (IOException e) {
                // A command that ends without reading all its input (a write script that stops at a file
                // in its way) closes the channel under the rest: its exit status and stderr tell what happened.
                if (!client.isConnected()) {
                    throw e;
                }
            }
            boolean finished = awaitEnd(client, cmd, start, timeout);
            if (!finished && !client.isConnected()) {
                throw new ConnectionException("the connection ended before the command did");
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (!finished || cmd.isOpen()) {
                cmd.close();
            }
            byte[] stdout = out.get(5, TimeUnit.SECONDS);
            byte[] stderr = err.get(5, TimeUnit.SECONDS);
            Integer status = cmd.getExitStatus();
            int exit = status == null ? -1 : status;
            // timeout(1) exits 124 after TERM, 137 (or a KILL signal) when it had to KILL.
            boolean timedOut = !finished || (took.compareTo(timeout) >= 0
                    && (exit == 124 || exit == 137 || status == null));
            return new Raw(timedOut ? -1 : exit, stdout, stderr, took, timedOut);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostException(name, "interrupted while running: " + Shell.abbreviate(commandLine), e);
        } catch (Exception e) {
            if (!client.isConnected() || transportFailed(e)) {
                throw new ConnectionLostException(name, "the connection to " + name + " was lost while running: "
                        + Shell.abbreviate(commandLine) + " (" + SshConnector.describe(e) + ")", e);
            }
            throw new HostException(name, "SSH channel failed while running: " + Shell.abbreviate(commandLine) + ": "
                    + SshConnector.describe(e), e);
        }
    }

    /** sshj's transport (or its socket) failed: the connection is gone even if the client has not noticed yet. */
    private static boolean transportFailed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof net.schmizz.sshj.transport.TransportException || t instanceof java.net.SocketException
                    || t instanceof EOFException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits for the channel to close. A command that left a background process holding its output
     * (`daemon &` without redirections) keeps the channel open after it exited: once the exit
     * status is in, give the output {@link #OUTPUT_GRACE_MS} more and stop waiting. Returns whether
     * the command exited before the local deadline (timeout plus the kill grace) or the connection's end.
     */
    private static boolean awaitEnd(SSHClient client, Session.Command cmd, long startNanos, Duration timeout) {
        long deadline = startNanos + timeout.plusSeconds(KILL_AFTER_SECONDS + 3).toNanos();
        long exitedAt = 0;
        while (true) {
            try {
                cmd.join(50, TimeUnit.MILLISECONDS);
                return true;
            } catch (ConnectionException stillOpen) {
                // not closed yet, or the connection is gone: isConnected ends the wait then, not the deadline
            }
            long now = System.nanoTime();
            boolean exited = cmd.getExitStatus() != null || cmd.getExitSignal() != null;
            if (exited && exitedAt == 0) {
                exitedAt = now;
            }
            if (exited && now - exitedAt > TimeUnit.MILLISECONDS.toNanos(OUTPUT_GRACE_MS)) {
                return true;
            }
            if (now - deadline > 0 || !client.isConnected()) {
                return exited;
            }
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try {
                in.transferTo(buf);
            } catch (IOException e) {
                // the channel was closed (timeout): keep what arrived
            }
            return buf.toByteArray();
        }, STREAMS);
    }

    /** {@link #check} of a write script: a file that did not fit is named alone, with the advice. */
    private void checkWrite(Raw r, String what) {
        if (r.exit() == NO_SPACE && !r.timedOut()) {
            String line = utf8(r.stderr()).strip().lines().reduce((a, b) -> b).orElse("");
            throw new HostException(name, "cannot write " + line + "; free some space and run again");
        }
        check(r, what);
    }

    private void check(Raw r, String what) {
        if (r.exit() != 0 || r.timedOut()) {
            String status = r.timedOut() ? "timed out" : "exit " + r.exit();
            String err = utf8(r.stderr()).strip();
            throw new HostException(name, what + " (" + status + ")" + (err.isEmpty() ? "" : ": " + err));
        }
    }

    private String absolute(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new HostException(name, "node path must be absolute: " + path);
        }
        return path;
    }

    private static byte[] passwordLine(char[] password) {
        byte[] pw = new String(password).getBytes(StandardCharsets.UTF_8);
        byte[] line = Arrays.copyOf(pw, pw.length + 1);
        line[pw.length] = '\n';
        return line;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        if (b == null) {
            return a;
        }
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static String seconds(Duration d) {
        long ms = Math.max(1, d.toMillis());
        return ms / 1000 + "." + String.format(Locale.ROOT, "%03d", ms % 1000);
    }

    private static String octal(int mode) {
        return "0" + Integer.toOctalString(mode);
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String firstLine(byte[] stderr) {
        return utf8(stderr).lines().findFirst().orElse("no message");
    }

    @Override
    public String toString() {
        return "SshHost[" + name + " " + route.target().describe() + "]";
    }
}
