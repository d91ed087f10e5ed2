package dev.bootstrap.host.ssh;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.schmizz.sshj.common.Buffer;

/**
 * A client of the ssh-agent protocol (draft-miller-ssh-agent) over its Unix socket: list the
 * agent's keys and have it sign. sshj has no agent support; the private keys never leave the agent.
 */
final class AgentClient implements AutoCloseable {

    private static final byte FAILURE = 5;
    private static final byte REQUEST_IDENTITIES = 11;
    private static final byte IDENTITIES_ANSWER = 12;
    private static final byte SIGN_REQUEST = 13;
    private static final byte SIGN_RESPONSE = 14;
    /** Sign flags asking for rsa-sha2-256 instead of the SHA-1 "ssh-rsa" signature. */
    static final int RSA_SHA2_256 = 2;
    private static final int MAX_MESSAGE = 256 * 1024;

    /** One key the agent holds: its public blob and comment. */
    record Identity(byte[] blob, String comment) {
        String keyType() {
            try {
                return new Buffer.PlainBuffer(blob).readString();
            } catch (Buffer.BufferException e) {
                throw new IllegalStateException("agent returned an unreadable key: " + e.getMessage(), e);
            }
        }

        String describe() {
            return keyType() + " " + Fingerprints.sha256(blob) + (comment.isEmpty() ? "" : " (" + comment + ")");
        }
    }

    private final Path socket;
    private final SocketChannel channel;

    private AgentClient(Path socket, SocketChannel channel) {
        this.socket = socket;
        this.channel = channel;
    }

    static AgentClient open(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot connect to ssh-agent at " + socket + ": " + e.getMessage(), e);
        }
        return new AgentClient(socket, ch);
    }

    synchronized List<Identity> identities() throws IOException {
        Buffer.PlainBuffer answer = request(new Buffer.PlainBuffer().putByte(REQUEST_IDENTITIES), IDENTITIES_ANSWER);
        try {
            long count = answer.readUInt32();
            List<Identity> ids = new ArrayList<>();
            for (long i = 0; i < count; i++) {
                ids.add(new Identity(answer.readBytes(), answer.readString()));
            }
            return ids;
        } catch (Buffer.BufferException e) {
            throw new IOException("malformed identities answer from ssh-agent at " + socket, e);
        }
    }

    /** The agent's signature blob (string algorithm, string signature) over {@code data}. */
    synchronized byte[] sign(byte[] keyBlob, byte[] data, int flags) throws IOException {
        Buffer.PlainBuffer req = new Buffer.PlainBuffer().putByte(SIGN_REQUEST).putString(keyBlob).putString(data)
                .putUInt32(flags);
        try {
            return request(req, SIGN_RESPONSE).readBytes();
        } catch (Buffer.BufferException e) {
            throw new IOException("malformed sign answer from ssh-agent at " + socket, e);
        }
    }

    private Buffer.PlainBuffer request(Buffer.PlainBuffer message, byte expected) throws IOException {
        byte[] body = message.getCompactData();
        ByteBuffer out = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
        while (out.hasRemaining()) {
            channel.write(out);
        }
        int length = readFully(ByteBuffer.allocate(4)).getInt();
        if (length < 1 || length > MAX_MESSAGE) {
            throw new IOException("ssh-agent at " + socket + " sent a message of " + length + " bytes");
        }
        ByteBuffer in = readFully(ByteBuffer.allocate(length));
        byte type = in.get();
        if (type == FAILURE) {
            throw new IOException("ssh-agent at " + socket + " refused the request");
        }
        if (type != expected) {
            throw new IOException("ssh-agent at " + socket + " answered message " + type + ", expected " + expected);
        }
        byte[] rest = new byte[in.remaining()];
        in.get(rest);
        return new Buffer.PlainBuffer(rest);
    }

    private ByteBuffer readFully(ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (channel.read(buf) < 0) {
                throw new IOException("ssh-agent at " + socket + " closed the connection");
            }
        }
        return buf.flip();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a Unix socket: nothing to recover
        }
    }
}
