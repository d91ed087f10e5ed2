package dev.bootstrap.up;

import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;

/** A phase of one hop of a rolling upgrade: it declares itself once and works with the hop's {@link RollingRun}. */
abstract class RollingPhase implements Phase<UpNode> {

    final RollingRun rolling;
    private final PhaseSpec spec;

    RollingPhase(PhaseSpec spec, RollingRun rolling) {
        this.spec = spec;
        this.rolling = rolling;
    }

    @Override
    public final PhaseSpec spec() {
        return spec;
    }
}
