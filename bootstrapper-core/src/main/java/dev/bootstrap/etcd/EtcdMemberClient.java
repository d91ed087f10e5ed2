package dev.bootstrap.etcd;

import dev.bootstrap.http.HttpCall;
import dev.bootstrap.pki.Pem;
import dev.bootstrap.pki.TlsContexts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import javax.net.ssl.SSLContext;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * etcd's cluster membership through its HTTP/JSON gateway (/v3/cluster/member/*), authenticated with
 * a client certificate signed by the etcd CA (kubeadm uses apiserver-etcd-client or
 * healthcheck-client). No etcdctl or gRPC library is needed on either side. Used by control-plane
 * join (add this node as a learner, start its etcd, promote it), reset (remove its member) and upgrades
 * (a snapshot first, {@link EtcdSnapshot}).
 */
public final class EtcdMemberClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    private final String endpoint;
    private final HttpCall http;

    /** One member of the cluster; {@code id} is etcd's uint64 member ID in decimal; name is "" until it started. */
    public record Member(String id, String name, List<String> peerUrls, List<String> clientUrls, boolean learner) {
    }

    /**
     * What {@link #snapshot} wrote: {@code bytes} counts the database and etcd's sha256 of it after it;
     * {@code revision} only when the stream named one (etcd 3.4 to 3.6 send no header with a snapshot).
     */
    public record Snapshot(long bytes, OptionalLong revision) {
    }

    /**
     * @param endpoint "https://host:2379" of a member
     * @param caPem    etcd/ca.crt; certPem and keyPem: the client certificate and its key
     */
    public EtcdMemberClient(String endpoint, byte[] caPem, byte[] certPem, byte[] keyPem) {
        this.endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        this.http = new HttpCall(tls(caPem, certPem, keyPem), TIMEOUT, TIMEOUT);
    }

    public List<Member> list() {
        return members(post("/v3/cluster/member/list", Map.of()).path("members"));
    }

    /** Adds a member (a learner when {@code learner}); returns it, with its ID and no name yet. */
    public Member add(List<String> peerUrls, boolean learner) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("peerURLs", peerUrls);
        body.put("isLearner", learner);
        return member(post("/v3/cluster/member/add", body).path("member"));
    }

    /** Promotes a learner to a voting member; etcd refuses while the learner is not in sync yet. */
    public void promote(String id) {
        post("/v3/cluster/member/promote", Map.of("ID", id));
    }

    /** Removes a member from the cluster (reset of a control plane); etcd refuses an ID it does not know. */
    public void remove(String id) {
        post("/v3/cluster/member/remove", Map.of("ID", id));
    }

    /** The answering member's etcd version (its maintenance status), e.g. "3.5.21". */
    public String version() {
        return post("/v3/maintenance/status", Map.of()).path("version").asString();
    }

    /**
     * Streams the answering member's database to {@code out} as it arrives (POST /v3/maintenance/snapshot),
     * followed by etcd's sha256 of it, once checked: the file etcdctl snapshot save would write. An error
     * in the stream, a stream cut short or a wrong sha256 is an EtcdException; {@code out} then holds a part.
     *
     * @throws java.io.UncheckedIOException when writing to {@code out} fails
     */
    public Snapshot snapshot(OutputStream out) {
        String path = "/v3/maintenance/snapshot";
        try {
            return http.post(URI.create(endpoint + path), JSON, "{}", (status, body) -> {
                if (status != 200) {
                    throw refused(path, status, body == null ? "" : new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8));
                }
                return SnapshotStream.copy(endpoint, body, out);
            });
        } catch (IOException e) {
            throw unreachable(path, e);
        }
    }

    /**
     * etcd's --initial-cluster for a member joining with {@code name} and {@code peerUrl}: every started
     * member by name, and the new one (not started yet, so without name) under its own name, as kubeadm
     * builds it.
     */
    public static String initialCluster(List<Member> members, String name, String peerUrl) {
        List<String> parts = new ArrayList<>();
        for (Member m : members) {
            if (m.peerUrls().contains(peerUrl)) {
                parts.add(name + "=" + peerUrl);
            } else if (!m.name().isEmpty()) {
                m.peerUrls().forEach(u -> parts.add(m.name() + "=" + u));
            }
        }
        return String.join(",", parts);
    }

    private JsonNode post(String path, Map<String, Object> body) {
        HttpCall.Response response;
        try {
            response = http.post(URI.create(endpoint + path), JSON, JsonMapper.shared().writeValueAsString(body));
        } catch (IOException e) {
            throw unreachable(path, e);
        }
        if (response.status() != 200) {
            throw refused(path, response.status(), response.body());
        }
        try {
            return JsonMapper.shared().readTree(response.body());
        } catch (JacksonException e) {
            throw new EtcdException("etcd at " + endpoint + " answered " + path + " with HTTP 200 and no JSON: "
                    + abbreviate(response.body()), e);
        }
    }

    private EtcdException unreachable(String path, IOException e) {
        return new EtcdException("cannot reach etcd at " + endpoint + " (" + path + "): " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                + "; is etcd running there, and is the client certificate signed by its CA?", e);
    }

    /** The gateway's error body: {"error":"...","message":"..."}, or from a stream {"error":{"message":"..."}}. */
    private EtcdException refused(String path, int status, String body) {
        String message = abbreviate(body);
        try {
            JsonNode json = JsonMapper.shared().readTree(body);
            JsonNode error = json.path("error");
            message = error.isObject() ? error.path("message").asString(message)
                    : error.asString(json.path("message").asString(message));
        } catch (JacksonException e) {
            // not JSON: the body as it came
        }
        return new EtcdException("etcd at " + endpoint + " refused " + path + " (HTTP " + status + "): " + message);
    }

    private static List<Member> members(JsonNode array) {
        List<Member> out = new ArrayList<>();
        array.forEach(m -> out.add(member(m)));
        return out;
    }

    private static Member member(JsonNode m) {
        return new Member(m.path("ID").asString(), m.path("name").asString(""), strings(m.path("peerURLs")),
                strings(m.path("clientURLs")), m.path("isLearner").asBoolean(false));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(s -> out.add(s.asString()));
        return out;
    }

    static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static SSLContext tls(byte[] caPem, byte[] certPem, byte[] keyPem) {
        return TlsContexts.withIdentity(List.of(Pem.decodeCertificate(caPem, "etcd CA")),
                Pem.decodeCertificate(certPem, "etcd client certificate"), Pem.decodePrivateKey(keyPem, "etcd client key"));
    }
}
