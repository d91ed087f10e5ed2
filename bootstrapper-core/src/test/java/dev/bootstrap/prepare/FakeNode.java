package dev.bootstrap.prepare;

import dev.bootstrap.host.CommandResult;
import dev.bootstrap.host.FileStat;
import dev.bootstrap.host.Host;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A node that keeps files in memory, records the commands it is given and answers each with success. */
final class FakeNode implements Host {

    final Map<String, byte[]> files = new HashMap<>();
    final List<String> commands = new ArrayList<>();

    @Override
    public String name() {
        return "node1";
    }

    @Override
    public CommandResult run(String command, Duration timeout) {
        commands.add(command);
        return new CommandResult(0, "", "", Duration.ZERO, false);
    }

    @Override
    public Optional<byte[]> readFile(String path) {
        return Optional.ofNullable(files.get(path));
    }

    @Override
    public void writeFile(String path, byte[] content, int mode, String owner) {
        files.put(path, content);
    }

    @Override
    public Optional<FileStat> stat(String path) {
        return Optional.empty();
    }

    @Override
    public void mkdirs(String path, int mode) {
    }

    @Override
    public void remove(String path) {
        files.remove(path);
    }

    @Override
    public void close() {
    }
}
