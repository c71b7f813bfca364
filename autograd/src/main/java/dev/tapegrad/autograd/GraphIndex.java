package dev.tapegrad.autograd;

/**
 * Position of each tensor in one backward call's order. A recorded tensor keeps its mark on its own
 * {@link Node} (no hashing: most tensors of a graph are op outputs); leaves, which other threads may
 * share as parameters, go in an identity table local to the call.
 */
final class GraphIndex {
    private final Object walk = new Object();
    private final IdentityIndex leaves = new IdentityIndex(16);

    /** Marks t as seen; false when it already was. */
    boolean firstVisit(Tensor t) {
        Node node = t.gradFn();
        if (node == null) {
            return leaves.putIfAbsent(t, -1) == IdentityIndex.ABSENT;
        }
        if (node.walk == walk) {
            return false;
        }
        node.walk = walk;
        node.position = -1;
        return true;
    }

    /** Records t's place in the order. */
    void place(Tensor t, int position) {
        Node node = t.gradFn();
        if (node == null) {
            leaves.put(t, position);
        } else {
            node.position = position;
        }
    }

    /** t's place in the order, or -1 when this walk did not reach it. */
    int position(Tensor t) {
        Node node = t.gradFn();
        if (node == null) {
            int p = leaves.get(t);
            return p == IdentityIndex.ABSENT ? -1 : p;
        }
        return node.walk == walk ? node.position : -1;
    }
}
