package dev.bootstrap.host.ssh;

import java.nio.file.Path;
import java.util.List;

/**
 * One SSH server on the way to a node, fully resolved: the name as written, the address to
 * connect to, port, login user and the key files to offer.
 */
public record SshEndpoint(String alias, String address, int port, String user, List<Path> identityFiles) {

    public SshEndpoint {
        identityFiles = List.copyOf(identityFiles);
    }

    /** user@address:port, for messages. */
    public String describe() {
        String host = address.indexOf(':') >= 0 ? "[" + address + "]" : address;
        return user + "@" + host + ":" + port;
    }
}
