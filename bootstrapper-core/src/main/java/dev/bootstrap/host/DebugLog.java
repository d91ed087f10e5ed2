package dev.bootstrap.host;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The debug log ({@code --log-file}): one line per event on a node (every command with its exit
 * status, duration and the tails of its output; file operations without their content), appended
 * to a file only its owner can read. Every line passes through {@link #mask(String)} first:
 * registered secret values and what looks like a secret (bootstrap token secrets, PEM private
 * keys, certificate keys) never reach the file. Safe to use from parallel node tasks; each line is
 * flushed at once, so a killed run leaves a complete log up to its last event.
 */
public final class DebugLog implements AutoCloseable {

    /** How much of a command's stdout and stderr each line keeps (the end, where errors are). */
    static final int TAIL_CHARS = 2000;
    static final String MASK = "<redacted>";

    /** A bootstrap token "abcdef.0123456789abcdef": the id is public, the part after the dot is the secret. */
    private static final Pattern TOKEN = Pattern.compile("\\b([a-z0-9]{6})\\.[a-z0-9]{16}\\b");
    /** A PEM private key block of any kind; an unterminated one (cut output) is masked to the end. */
    private static final Pattern PEM_KEY = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----.*?(-----END \\1PRIVATE KEY-----|\\z)", Pattern.DOTALL);
    /** The upload-certs key (64 hex characters) after the flags, fields and messages that carry it. */
    private static final Pattern CERTIFICATE_KEY = Pattern.compile(
            "(?i)((?:--certificate-key|certificateKey|certificate[ _-]key)[\"']?\\s*[:=]?\\s*[\"']?)[0-9a-f]{64}\\b");

    /** Registry credentials as containerd's CRI config carries them (crictl info, in the preflight facts). */
    private static final Pattern CREDENTIAL = Pattern.compile(
            "(?i)(\"(?:password|auth|identitytoken|registrytoken)\"\s*:\s*\")[^\"]*\"");

    private static final SimpleFormatter MESSAGES = new SimpleFormatter();

    private final BufferedWriter out;
    private final Path path;
    /** Longest first, so a secret containing a shorter one is masked whole. */
    private final Set<String> secrets = new CopyOnWriteArraySet<>();

    private DebugLog(Path path, BufferedWriter out) {
        this.path = path;
        this.out = out;
    }

    /**
     * Opens (creating, else appending to) the log at {@code path} with mode 0600; an existing file
     * is made 0600 too, since it is about to receive command output.
     *
     * @throws UncheckedIOException naming the file when it cannot be opened
     */
    public static DebugLog open(Path path) {
        try {
            FileChannel channel;
            try {
                channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
                channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            }
            DebugLog log = new DebugLog(path, new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8)));
            log.event("-", "log", "opened by pid " + ProcessHandle.current().pid(), null, null, null);
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the debug log " + path + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    /** Masks {@code secret} wherever it appears in later lines (and in its shell-quoted form). Blank values are ignored. */
    public void redact(String secret) {
        if (secret != null && !secret.isBlank()) {
            secrets.add(secret);
            // Inside a Shell.quote'd argument a ' appears as '\''.
            secrets.add(secret.replace("'", "'\\''"));
        }
    }

    /** {@code host} with every operation on it logged here. */
    public Host wrap(Host host) {
        return new LoggingHost(host, this);
    }

    /** The text with every registered secret and every secret-looking value masked. */
    public String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String s = text;
        List<String> bySize = secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        for (String secret : bySize) {
            s = s.replace(secret, MASK);
        }
        s = PEM_KEY.matcher(s).replaceAll(m -> Matcher.quoteReplacement(
                "-----BEGIN " + m.group(1) + "PRIVATE KEY-----" + MASK + m.group(2)));
        s = TOKEN.matcher(s).replaceAll("$1." + MASK);
        s = CREDENTIAL.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "\""));
        return CERTIFICATE_KEY.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
    }

    /**
     * Logs one event as one line: time, host, what kind, the detail, and when known the duration,
     * the outcome and the output's tails. Everything is masked and kept on one line.
     */
    void event(String host, String kind, String detail, Duration duration, String outcome, CommandResult result) {
        StringBuilder line = new StringBuilder();
        line.append(Instant.now()).append(' ').append(host).append(' ').append(kind);
        if (duration != null) {
            line.append(' ').append(duration.toMillis()).append("ms");
        }
        if (outcome != null) {
            line.append(' ').append(oneLine(mask(outcome)));
        }
        line.append(": ").append(oneLine(mask(detail)));
        if (result != null) {
            // Masked whole before cutting: a cut could otherwise split a secret past its pattern.
            line.append(" | stdout: ").append(oneLine(tail(mask(result.stdout()))));
            line.append(" | stderr: ").append(oneLine(tail(mask(result.stderr()))));
        }
        write(line.append('\n').toString());
    }

    /**
     * A java.util.logging handler that writes the libraries' records (netty's, fabric8's, sshj's) into this log,
     * masked, one line each with the exception's class and message; they never reach the terminal
     * (LibraryLogs).
     */
    public Handler libraryRecords() {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record == null || !isLoggable(record)) {
                    return;
                }
                Throwable thrown = record.getThrown();
                String message = MESSAGES.formatMessage(record) + (thrown == null ? "" : " (" + thrown + ")");
                try {
                    event("-", "library " + record.getLevel(), record.getLoggerName() + ": " + message, null, null, null);
                } catch (UncheckedIOException lateRecord) {
                    // a library thread's record after the log was closed: there is nowhere left to put it
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }

    private synchronized void write(String line) {
        try {
            out.write(line);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the debug log " + path + ": " + e.getMessage(), e);
        }
    }

    private static String tail(String s) {
        if (s == null) {
            return "";
        }
        String t = s.strip();
        return t.length() <= TAIL_CHARS ? t : "..." + t.substring(t.length() - TAIL_CHARS);
    }

    /** Newlines and other control characters escaped, so one event is one line. */
    private static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the debug log " + path + ": " + e.getMessage(), e);
        }
    }
}
