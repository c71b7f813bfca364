package dev.tapegrad.autograd;

/**
 * Tensor → int by identity, open addressing with linear probing: the engine's graph index without the
 * boxed Integers and entry churn of an {@link java.util.IdentityHashMap}. Local to one backward call,
 * so concurrent backward passes over shared leaves never see each other's marks.
 */
final class IdentityIndex {
    static final int ABSENT = Integer.MIN_VALUE;

    private Tensor[] keys;
    private int[] values;
    private int size;
    private int mask;

    IdentityIndex(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new Tensor[capacity];
        values = new int[capacity];
        mask = capacity - 1;
    }

    private static int hash(Tensor t) {
        int h = System.identityHashCode(t) * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** The value stored for {@code t}, or {@link #ABSENT}. */
    int get(Tensor t) {
        for (int i = hash(t) & mask; ; i = (i + 1) & mask) {
            Tensor k = keys[i];
            if (k == t) {
                return values[i];
            }
            if (k == null) {
                return ABSENT;
            }
        }
    }

    /** Stores {@code value} for {@code t} (replacing any); returns the previous value or {@link #ABSENT}. */
    int put(Tensor t, int value) {
        return put(t, value, true);
    }

    /** Stores {@code value} for {@code t} unless it has one; returns the previous value or {@link #ABSENT}. */
    int putIfAbsent(Tensor t, int value) {
        return put(t, value, false);
    }

    private int put(Tensor t, int value, boolean replace) {
        for (int i = hash(t) & mask; ; i = (i + 1) & mask) {
            Tensor k = keys[i];
            if (k == t) {
                int old = values[i];
                if (replace) {
                    values[i] = value;
                }
                return old;
            }
            if (k == null) {
                keys[i] = t;
                values[i] = value;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return ABSENT;
            }
        }
    }

    private void grow() {
        Tensor[] oldKeys = keys;
        int[] oldValues = values;
        keys = new Tensor[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    @Override
    public String toString() {
        return "IdentityIndex[size=" + size + ", capacity=" + keys.length + "]";
    }
}
