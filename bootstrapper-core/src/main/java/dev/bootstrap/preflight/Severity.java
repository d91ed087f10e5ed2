package dev.bootstrap.preflight;

/**
 * How a failed check counts. ERROR and WARNING are kubeadm's; INFO is ours for facts worth showing
 * that never block (nested virtualization, IPVS modules while kube-proxy may run in iptables mode).
 */
public enum Severity { ERROR, WARNING, INFO }
