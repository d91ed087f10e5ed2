package dev.bootstrap.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

/**
 * One blocking HTTP(S) request on {@link HttpURLConnection}. Used instead of the JDK's HttpClient,
 * whose selector thread sits in native code and so holds up every JVM exit by VM_Exit's 300 ms wait
 * for threads in native; this one runs on the caller's thread and leaves nothing behind.
 *
 * <p>Failures keep their cause apart: {@link SSLException} when TLS failed (untrusted certificate,
 * host name not covered, not TLS at all); {@link NotConnected} when no connection was made
 * (refused, unknown host, no route, connect timeout: nothing was sent); any other IOException after
 * connecting ({@link java.net.SocketTimeoutException} when the server, or its TLS handshake, stayed
 * silent for the read timeout). The read timeout bounds each read, not a server trickling bytes.
 *
 * <p>Host names are verified with the JDK's "HTTPS" endpoint identification (HttpsURLConnection's
 * default verifier asks the trust manager for it); a context whose X509ExtendedTrustManager accepts
 * anything ({@link UnverifiedTls}) therefore accepts any name too.
 */
public final class HttpCall {

    private final SSLContext tls;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    /** What the server answered: error statuses too, with their bodies (but not a POST's 401: see post). */
    public record Response(int status, String body) {
    }

    /** No connection was made; the cause says why. */
    public static final class NotConnected extends ConnectException {
        NotConnected(IOException cause) {
            super(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
            initCause(cause);
        }

        /** The cause's text ("java.net.ConnectException: Connection refused"): this class only marks it. */
        @Override
        public String toString() {
            return getCause().toString();
        }
    }

    /**
     * @param tls how to trust https URLs, or null for the JDK's default trust (http URLs ignore it)
     */
    public HttpCall(SSLContext tls, Duration connectTimeout, Duration readTimeout) {
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /** Consumes an answer's body while the connection is open; {@code body} is null when an error status had none. */
    @FunctionalInterface
    public interface BodyReader<T> {
        T read(int status, InputStream body) throws IOException;
    }

    public Response get(URI url, Map<String, String> headers) throws IOException {
        return send(url, "GET", headers, null, HttpCall::buffered);
    }

    /**
     * POSTs {@code body} as UTF-8; the caller names its Content-Type in {@code headers}. The body is
     * streamed, so a 401 comes back without its body (the JDK drops it for streamed requests).
     */
    public Response post(URI url, Map<String, String> headers, String body) throws IOException {
        return post(url, headers, body, HttpCall::buffered);
    }

    /** As {@link #post(URI, Map, String)}, with {@code reader} taking the body as it arrives (answers of any length). */
    public <T> T post(URI url, Map<String, String> headers, String body, BodyReader<T> reader) throws IOException {
        return send(url, "POST", headers, body.getBytes(StandardCharsets.UTF_8), reader);
    }

    private static Response buffered(int status, InputStream body) throws IOException {
        return new Response(status, body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8));
    }

    private <T> T send(URI url, String method, Map<String, String> headers, byte[] body, BodyReader<T> reader)
            throws IOException {
        HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
        ConnectMark mark = null;
        if (c instanceof HttpsURLConnection https) {
            mark = new ConnectMark(tls == null ? https.getSSLSocketFactory() : tls.getSocketFactory());
            https.setSSLSocketFactory(mark);
        }
        try {
            c.setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()));
            c.setReadTimeout(Math.toIntExact(readTimeout.toMillis()));
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setRequestMethod(method);
            // One request per connection: nothing goes into the JDK's keep-alive cache (and its timer thread).
            c.setRequestProperty("Connection", "close");
            headers.forEach(c::setRequestProperty);
            if (body != null) {
                // Streaming: the JDK would otherwise send a POST again on a fresh connection when the first
                // one closes without an answer, and etcd's member calls are not idempotent. (The price: for
                // a streamed request the JDK drops a 401's body; the status still comes back.)
                c.setFixedLengthStreamingMode(body.length);
                c.setDoOutput(true);
            }
            connect(c, mark);
            if (body != null) {
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = c.getResponseCode();
            if (status < 0) {
                throw new ProtocolException("no HTTP status line from " + url.getAuthority());
            }
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                return reader.read(status, in);
            }
        } finally {
            c.disconnect();
        }
    }

    private static void connect(HttpURLConnection c, ConnectMark mark) throws IOException {
        try {
            c.connect();
        } catch (SSLException e) {
            throw e;
        } catch (IOException e) {
            // For https, connect() also runs the TLS handshake: a timeout there is a silent server, not
            // a missing one.
            if (mark == null || !mark.connected) {
                throw new NotConnected(e);
            }
            throw e;
        }
    }

    /**
     * Marks when the TCP connection is up: HttpsURLConnection connects a plain socket (this factory
     * makes no unconnected sockets) and then layers TLS over it through this factory, with the URL's
     * host for SNI and host name verification.
     */
    private static final class ConnectMark extends SSLSocketFactory {
        private final SSLSocketFactory tls;
        private boolean connected;

        ConnectMark(SSLSocketFactory tls) {
            this.tls = tls;
        }

        @Override
        public Socket createSocket(Socket connectedSocket, String host, int port, boolean autoClose) throws IOException {
            connected = true;
            return tls.createSocket(connectedSocket, host, port, autoClose);
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return tls.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return tls.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return tls.createSocket(host, port);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return tls.createSocket(host, port, localHost, localPort);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return tls.createSocket(host, port);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return tls.createSocket(address, port, localAddress, localPort);
        }
    }
}
