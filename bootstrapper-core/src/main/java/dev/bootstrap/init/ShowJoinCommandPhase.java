package dev.bootstrap.init;

import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.Trait;

/**
 * kubeadm's last init phase (cmd/kubeadm/app/cmd/phases/init/showjoincommand.go). The join commands need the
 * token the bootstrap-token phase made in this run; init's closing summary prints them ({@link InitWorkflow.Result}),
 * so this phase says where they are. {@code up} hands its nodes a join ticket instead.
 */
final class ShowJoinCommandPhase implements Phase<InitContext> {

    static final PhaseSpec SPEC = PhaseSpec.of("show-join-command", "Show the join command", Trait.REPLACED_IN_UP);

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(InitContext ctx) {
        if (ctx.token() == null) {
            return Outcome.skipped("no bootstrap token was made in this run (phase bootstrap-token): 'bootstrap token "
                    + "create --print-join-command' makes one and prints its join command");
        }
        return Outcome.unchanged("the join commands follow the summary below");
    }
}
