package dev.bootstrap.preflight;

import java.util.function.Function;

/** One preflight check: a kubeadm-named verdict on a node's facts, pure so it is unit-testable. */
public interface Check {

    /** The name --ignore-preflight-errors matches. */
    String name();

    CheckResult judge(NodeFacts facts);

    /** Whether the check applies to this node at all (kubeadm adds some checks only in some setups). */
    default boolean appliesTo(NodeFacts facts) {
        return true;
    }

    /** This check, run only on nodes the condition holds for. */
    default Check onlyWhen(java.util.function.Predicate<NodeFacts> condition) {
        Check self = this;
        return new Check() {
            @Override
            public String name() {
                return self.name();
            }

            @Override
            public CheckResult judge(NodeFacts facts) {
                return self.judge(facts);
            }

            @Override
            public boolean appliesTo(NodeFacts facts) {
                return condition.test(facts) && self.appliesTo(facts);
            }
        };
    }

    static Check of(String name, Function<NodeFacts, CheckResult> judge) {
        return new Check() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CheckResult judge(NodeFacts facts) {
                return judge.apply(facts);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /**
     * kubeadm's name for a check on a path: every "/" becomes "-", so an absolute path gives a double
     * dash ("FileAvailable" + "/etc/kubernetes/kubelet.conf" = "FileAvailable--etc-kubernetes-kubelet.conf").
     */
    static String pathName(String kind, String path) {
        return kind + "-" + path.replace('/', '-');
    }
}
