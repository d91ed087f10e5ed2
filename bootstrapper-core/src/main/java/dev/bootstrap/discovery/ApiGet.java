package dev.bootstrap.discovery;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
    static HttpResponse<String> get(String base, String path, SSLContext tls, String bearer, String how) {
        String where = base.startsWith("https://") ? base.substring("https://".length()) : base;
        HttpClient http = HttpClient.newBuilder().sslContext(tls).connectTimeout(TIMEOUT).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET()
                .header("Accept", "application/json");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (SSLException e) {
            throw new DiscoveryException(DiscoveryException.Reason.TLS, "TLS with " + where + " failed ("
                    + how + "): " + e.getMessage() + "; is " + where + " the API server, and does its certificate"
                    + " cover this address?", e);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new DiscoveryException(DiscoveryException.Reason.UNREACHABLE, "cannot reach the API server at "
                    + where + ": " + describe(e) + "; check the address, the port and firewalls", e);
        } catch (IOException e) {
            throw new DiscoveryException(DiscoveryException.Reason.UNREACHABLE, "cannot read " + path + " from "
                    + where + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscoveryException(DiscoveryException.Reason.UNREACHABLE, "interrupted", e);
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
