package dev.bootstrap.reset;

import dev.bootstrap.host.CommandResult;
import dev.bootstrap.host.HostException;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;

/** kubeadm reset's preflight: the reset must run as root on the node (the prompt is the CLI's). */
final class ResetPreflightPhase implements Phase<ResetContext> {

    static final PhaseSpec SPEC = PhaseSpec.of("preflight", "Running pre-flight checks");

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(ResetContext ctx) {
        CommandResult id = ctx.node().runChecked("id -u", NodeScript.INSPECT_TIMEOUT);
        String uid = id.stdout().trim();
        if (!uid.equals("0")) {
            throw new HostException(ctx.node().name(), "reset must run as root, but 'id -u' on the node printed "
                    + uid + "; connect as root or with sudo");
        }
        return Outcome.unchanged();
    }
}
