package dev.bootstrap.etcd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.OptionalLong;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;

/**
 * etcd's Maintenance.Snapshot as its gateway streams it: one JSON object per message,
 * {@code {"result":{"remaining_bytes":"N","blob":"<base64>"}}} (remaining_bytes left out when 0), or
 * {@code {"error":{...}}} when the call fails midway. After the data etcd sends one more message whose blob is
 * the sha256 of the data (server/etcdserver/api/v3rpc/maintenance.go, Snapshot; etcd 3.4 to 3.6 alike); it is
 * checked here and written after the data, as etcdctl's snapshot save does, since etcdctl snapshot restore
 * checks it.
 */
final class SnapshotStream {

    private static final int SHA256_BYTES = 32;

    private final String endpoint;
    private final OutputStream out;
    private final MessageDigest digest = sha256();
    private long written;
    private long remaining = -1; // unknown until the first message
    private byte[] trailer;
    private OptionalLong revision = OptionalLong.empty();

    private SnapshotStream(String endpoint, OutputStream out) {
        this.endpoint = endpoint;
        this.out = out;
    }

    /**
     * Copies the data and its sha256 from {@code in} to {@code out}; an error in the stream, a stream cut short
     * or a wrong sha256 is an EtcdException, a failing {@code out} an UncheckedIOException.
     */
    static EtcdMemberClient.Snapshot copy(String endpoint, InputStream in, OutputStream out) {
        SnapshotStream stream = new SnapshotStream(endpoint, out);
        try (MappingIterator<JsonNode> messages = JsonMapper.shared().readerFor(JsonNode.class).readValues(in)) {
            while (messages.hasNextValue()) {
                stream.accept(messages.nextValue());
            }
        } catch (JacksonException e) {
            throw stream.failure("broke off: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) { // a blob that is not base64, a count that is not a number
            throw stream.failure("is garbled: " + e.getMessage(), e);
        }
        return stream.finish();
    }

    private void accept(JsonNode message) {
        if (message.has("error")) {
            JsonNode error = message.get("error");
            throw failure("failed: " + error.path("message").asString(error.asString(error.toString())), null);
        }
        JsonNode result = message.path("result");
        if (!result.isObject() || trailer != null) {
            throw failure("sent an unexpected message: " + EtcdMemberClient.abbreviate(message.toString()), null);
        }
        JsonNode named = result.path("header").path("revision");
        if (!named.isMissingNode()) {
            revision = OptionalLong.of(Long.parseLong(named.asString()));
        }
        byte[] blob = Base64.getDecoder().decode(result.path("blob").asString(""));
        long left = Long.parseUnsignedLong(result.path("remaining_bytes").asString("0"));
        if (remaining == 0) {
            if (blob.length != SHA256_BYTES || left != 0) {
                throw failure("sent " + blob.length + " bytes after the data where its sha256 belongs", null);
            }
            trailer = blob;
            return;
        }
        if (remaining > 0 && remaining - blob.length != left) {
            throw failure("sent " + blob.length + " bytes with " + remaining + " remaining, then said " + left
                    + " remain", null);
        }
        write(blob);
        digest.update(blob);
        remaining = left;
    }

    private EtcdMemberClient.Snapshot finish() {
        if (remaining != 0) {
            throw failure("ended early" + (remaining > 0 ? " with " + remaining + " bytes to come" : ""), null);
        }
        if (trailer == null) {
            throw failure("ended without the data's sha256", null);
        }
        byte[] actual = digest.digest();
        if (!MessageDigest.isEqual(actual, trailer)) {
            throw failure("sent data whose sha256 is " + HexFormat.of().formatHex(actual) + ", but etcd's says "
                    + HexFormat.of().formatHex(trailer), null);
        }
        write(trailer);
        return new EtcdMemberClient.Snapshot(written, revision);
    }

    private void write(byte[] bytes) {
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the snapshot from etcd at " + endpoint, e);
        }
        written += bytes.length;
    }

    private EtcdException failure(String what, Throwable cause) {
        return new EtcdException("the snapshot from etcd at " + endpoint + " " + what + " (after " + written
                + " bytes)", cause);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
