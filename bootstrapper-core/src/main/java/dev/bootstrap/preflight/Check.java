package dev.bootstrap.preflight;

import java.util.function.Function;

/** One preflight check: a kubeadm-named verdict on a node's facts, pure so it is unit-testable. */
public interface Check {

    /** The name --ignore-preflight-errors matches. */
    String name();

    CheckResult judge(NodeFacts facts);

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
