package dev.bootstrap.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Completion candidates "all" followed by the names a command accepts. */
abstract class AllOrNames implements Iterable<String> {

    abstract List<String> names();

    @Override
    public Iterator<String> iterator() {
        List<String> candidates = new ArrayList<>(List.of("all"));
        candidates.addAll(names());
        return candidates.iterator();
    }
}
