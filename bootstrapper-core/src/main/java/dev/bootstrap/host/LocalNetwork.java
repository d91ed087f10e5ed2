package dev.bootstrap.host;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Facts about this machine that kubeadm uses as defaults: its hostname and primary IPv4 address. */
public final class LocalNetwork {

    private LocalNetwork() {
    }

    /** The kernel hostname, lower-cased (kubeadm's default node name). */
    public static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "localhost" : env.strip().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The IPv4 address of the interface holding the default route, else of the first interface
     * that is up and not loopback; empty when there is none (then the caller falls back to 127.0.0.1).
     */
    public static Optional<InetAddress> primaryIPv4() {
        try {
            Optional<InetAddress> viaRoute = defaultRouteInterface().flatMap(LocalNetwork::ipv4Of);
            if (viaRoute.isPresent()) {
                return viaRoute;
            }
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback()) {
                    Optional<InetAddress> ip = ipv4Of(nic.getName());
                    if (ip.isPresent()) {
                        return ip;
                    }
                }
            }
        } catch (SocketException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<String> defaultRouteInterface() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/route"));
            return lines.stream().skip(1).map(l -> l.trim().split("\\s+"))
                    .filter(f -> f.length > 2 && f[1].equals("00000000")).map(f -> f[0]).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<InetAddress> ipv4Of(String name) {
        try {
            NetworkInterface nic = NetworkInterface.getByName(name);
            if (nic == null || !nic.isUp()) {
                return Optional.empty();
            }
            return Collections.list(nic.getInetAddresses()).stream()
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }
}
