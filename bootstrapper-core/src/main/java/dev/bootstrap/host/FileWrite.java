package dev.bootstrap.host;

/**
 * One file of {@link Host#writeFiles}: what {@link Host#writeFile(String, byte[], int, String)} takes.
 *
 * @param owner "user" or "user:group", or null to leave the default
 */
public record FileWrite(String path, byte[] content, int mode, String owner) {
}
