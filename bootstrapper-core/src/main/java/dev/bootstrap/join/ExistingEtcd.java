package dev.bootstrap.join;

import dev.bootstrap.etcd.EtcdException;
import dev.bootstrap.etcd.EtcdMemberClient;
import dev.bootstrap.net.HostPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a joining control plane reaches the etcd cluster it joins. As kubeadm: the client URLs the
 * existing members advertise in the {@value #ANNOTATION} annotation of their etcd static Pods
 * (kube-system, component=etcd, tier=control-plane; the kubelet mirrors them from etcd.yaml), listed
 * with admin.conf. Then, as a fallback for clusters whose Pods are not (yet) mirrored, the
 * controlPlaneEndpoint's host on port 2379, which a stacked first control plane serves. The first
 * candidate that lists the members is used (a learner refuses, so it is a voting member).
 */
final class ExistingEtcd {

    static final String ANNOTATION = "kubeadm.kubernetes.io/etcd.advertise-client-urls";
    static final Map<String, String> POD_LABELS = Map.of("component", "etcd", "tier", "control-plane");
    /** For dry-run and help texts. */
    static final String HOW = "from the etcd Pods' " + ANNOTATION + " annotation, else the controlPlaneEndpoint's host "
            + "on port 2379";

    /** A client URL to try and where it came from. */
    record Candidate(String url, String source) {
        @Override
        public String toString() {
            return url + " (" + source + ")";
        }
    }

    /** @param podsProblem why the etcd Pods gave no URL, when they gave none */
    record Candidates(List<Candidate> list, Optional<String> podsProblem) {
    }

    /** The member that answered, its client and the members it listed. */
    record Found(Candidate candidate, EtcdMemberClient client, List<EtcdMemberClient.Member> members) {
    }

    private ExistingEtcd() {
    }

    /**
     * @param admin           a client with admin.conf ({@code adminSource} names it in messages)
     * @param controlPlaneUrl "https://host:port" of the controlPlaneEndpoint
     */
    static Candidates candidates(KubernetesClient admin, String adminSource, String controlPlaneUrl) {
        List<Candidate> list = new ArrayList<>();
        Optional<String> problem = Optional.empty();
        try {
            List<Pod> pods = admin.pods().inNamespace("kube-system").withLabels(POD_LABELS).list().getItems().stream()
                    .sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
            for (Pod pod : pods) {
                Map<String, String> annotations = pod.getMetadata().getAnnotations();
                String value = annotations == null ? null : annotations.get(ANNOTATION);
                if (value != null) {
                    for (String url : value.split(",")) {
                        if (!url.isBlank()) {
                            add(list, new Candidate(url.strip(), "annotation of Pod kube-system/" + pod.getMetadata().getName()));
                        }
                    }
                }
            }
            if (list.isEmpty()) {
                problem = Optional.of(pods.isEmpty() ? "no etcd Pods (component=etcd) in kube-system"
                        : pods.size() + " etcd Pods in kube-system without the " + ANNOTATION + " annotation");
            }
        } catch (KubernetesClientException e) {
            problem = Optional.of("listing the etcd Pods in kube-system with " + adminSource + " failed: " + e.getMessage());
        }
        String host = URI.create(controlPlaneUrl).getHost().replaceAll("^\\[|\\]$", "");
        add(list, new Candidate("https://" + HostPort.join(host, 2379), "controlPlaneEndpoint host"));
        return new Candidates(list, problem);
    }

    /** The first candidate whose member lists the members; an error names every one tried and why it failed. */
    static Found connect(Candidates candidates, Function<String, EtcdMemberClient> clients) {
        List<String> failures = new ArrayList<>();
        for (Candidate c : candidates.list()) {
            EtcdMemberClient client = clients.apply(c.url());
            try {
                return new Found(c, client, client.list());
            } catch (EtcdException e) {
                failures.add(c + ": " + e.getMessage());
            }
        }
        throw new JoinException("no existing etcd member answered its member list, so this control plane cannot join "
                + "the etcd cluster. Tried " + String.join("; ", failures)
                + candidates.podsProblem().map(p -> ". The etcd Pods gave no client URL: " + p).orElse("")
                + ". Check that etcd runs on the existing control planes and that this machine reaches their client "
                + "port 2379");
    }

    private static void add(List<Candidate> list, Candidate c) {
        if (list.stream().noneMatch(existing -> existing.url().equals(c.url()))) {
            list.add(c);
        }
    }
}
