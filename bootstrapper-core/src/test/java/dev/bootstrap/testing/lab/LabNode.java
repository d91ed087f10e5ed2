package dev.bootstrap.testing.lab;

/** One lab node: "node1" at 10.211.0.11 (for the first lab slot). */
public record LabNode(String name, String address) {
}
