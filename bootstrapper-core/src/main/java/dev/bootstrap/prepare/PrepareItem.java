package dev.bootstrap.prepare;

import java.util.List;

/** A part of node preparation (swap, kernel, runtime...): what it would do to a node in the state inspected. */
interface PrepareItem {

    /** The actions, in order; none when the node is already as wanted. */
    List<PrepareAction> plan(NodeState state, PrepareTarget target);
}
