package dev.bootstrap.preflight;

import dev.bootstrap.preflight.NodeFacts.RuntimeSocket;
import java.util.List;
import java.util.Optional;

/** A container runtime bootstrap can hand to the kubelet, with the socket kubeadm probes for it. */
public enum ContainerRuntime {
    CONTAINERD("containerd", "/var/run/containerd/containerd.sock", "containerd"),
    CRIO("CRI-O", "/var/run/crio/crio.sock", "crio"),
    CRI_DOCKERD("Docker (cri-dockerd)", "/var/run/cri-dockerd.sock", "cri-docker");

    /** Docker's own API socket: not a CRI endpoint since Kubernetes 1.24, but what users have. */
    public static final String DOCKER_SOCKET = "/var/run/docker.sock";

    private final String label;
    private final String socket;
    private final String service;

    ContainerRuntime(String label, String socket, String service) {
        this.label = label;
        this.socket = socket;
        this.service = service;
    }

    public String label() {
        return label;
    }

    public String socket() {
        return socket;
    }

    public String endpoint() {
        return "unix://" + socket;
    }

    public String service() {
        return service;
    }

    /** The socket's probe result on a node; absent when it was not probed. */
    public Optional<RuntimeSocket> on(NodeFacts facts) {
        return find(facts, socket);
    }

    static Optional<RuntimeSocket> find(NodeFacts facts, String path) {
        return facts.sockets().stream().filter(s -> s.path().equals(path)).findFirst();
    }

    /** The CRI endpoints that answer (something listens), in kubeadm's probe order. */
    public static List<ContainerRuntime> listening(NodeFacts facts) {
        return java.util.Arrays.stream(values())
                .filter(r -> r.on(facts).map(RuntimeSocket::listening).orElse(false)).toList();
    }

    public static boolean dockerListening(NodeFacts facts) {
        return find(facts, DOCKER_SOCKET).map(RuntimeSocket::listening).orElse(false);
    }

    /**
     * The runtime the kubelet will use. kubeadm's rule: exactly one answering CRI endpoint. The
     * rule "Docker and containerd both found: Docker wins" applies where both are CRI endpoints:
     * containerd next to a running Docker with cri-dockerd is Docker's own containerd, so cri-dockerd
     * is chosen. Any other combination of several has no choice (see {@link RuntimeChecks#criSocket}).
     */
    public static Optional<ContainerRuntime> select(NodeFacts facts) {
        List<ContainerRuntime> found = listening(facts);
        if (found.size() == 1) {
            return Optional.of(found.get(0));
        }
        if (dockerWins(found, facts)) {
            return Optional.of(CRI_DOCKERD);
        }
        return Optional.empty();
    }

    static boolean dockerWins(List<ContainerRuntime> found, NodeFacts facts) {
        return found.size() == 2 && found.contains(CONTAINERD) && found.contains(CRI_DOCKERD) && dockerListening(facts);
    }
}
