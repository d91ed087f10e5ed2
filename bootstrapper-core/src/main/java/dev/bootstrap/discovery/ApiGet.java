package dev.bootstrap.discovery;

import dev.bootstrap.http.HttpCall;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/** One GET to the API server, with discovery's distinct errors for unreachable and TLS failures. */
final class ApiGet {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private ApiGet() {
    }

    /**
     * @param base   "https://host:port" (what the errors name)
     * @param bearer a token to authenticate with, or null for an anonymous request
     * @param how    how the server is trusted, for the TLS error
     */
    static HttpCall.Response get(String base, String path, SSLContext tls, String bearer, String how) {
        String where = base.startsWith("https://") ? base.substring("https://".length()) : base;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        if (bearer != null) {
            headers.put("Authorization", "Bearer " + bearer);
        }
        try {
            return new HttpCall(tls, TIMEOUT, TIMEOUT).get(URI.create(base + path), headers);
        } catch (SSLException e) {
            throw new DiscoveryException(DiscoveryException.Reason.TLS, "TLS with " + where + " failed ("
                    + how + "): " + e.getMessage() + "; is " + where + " the API server, and does its certificate"
                    + " cover this address?", e);
        } catch (HttpCall.NotConnected e) {
            throw new DiscoveryException(DiscoveryException.Reason.UNREACHABLE, "cannot reach the API server at "
                    + where + ": " + describe(e) + "; check the address, the port and firewalls", e);
        } catch (IOException e) {
            throw new DiscoveryException(DiscoveryException.Reason.UNREACHABLE, "cannot read " + path + " from "
                    + where + ": " + describe(e), e);
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
