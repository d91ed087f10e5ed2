package dev.bootstrap.up;

import dev.bootstrap.apiserver.ObjectApplier;
import dev.bootstrap.cni.CniManifests;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * The pod network of spec.addons.cni, applied on the first control plane after init's addons (kubeadm stops at
 * "deploy a pod network"; docs/kubeadm-compat.md#cni). The objects go one by one in the manifest's order: a namespace
 * and the definitions before what lives in them. A second run finds each one applied and changes nothing.
 */
final class CniPhase implements Phase<UpNode> {

    static final PhaseSpec SPEC = PhaseSpec.of("cni", "Install the pod network (spec.addons.cni)");
    /** What up and plan say when the file asks for no CNI. */
    static final String NO_CNI = "no CNI (spec.addons.cni.type: none)";

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(UpNode node) {
        CniManifests cni = CniManifests.of(node.run().file, node.run().options.templates());
        List<HasMetadata> objects = cni.objects();
        if (objects.isEmpty()) {
            return Outcome.unchanged(NO_CNI);
        }
        return ObjectApplier.Applied.outcome(new ObjectApplier(node.init().admin()).applyAll(objects));
    }
}
