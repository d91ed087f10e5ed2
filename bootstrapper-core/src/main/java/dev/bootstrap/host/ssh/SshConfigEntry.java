package dev.bootstrap.host.ssh;

import java.util.List;

/**
 * What ~/.ssh/config says for one alias.
 *
 * @param hostName  the real host (HostName, or the alias itself)
 * @param user      User, or null
 * @param port      Port, or null
 * @param identityFiles IdentityFile values in order, tokens expanded
 * @param proxyJump ProxyJump hops; null when not set, empty for "none"
 */
public record SshConfigEntry(String hostName, String user, Integer port, List<String> identityFiles,
        List<String> proxyJump) {
}
