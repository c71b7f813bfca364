package dev.tapegrad.spark;

import java.util.SplittableRandom;

/**
 * The order examples are visited in, epoch after epoch: the Fisher-Yates shuffle of
 * {@code dev.tapegrad.nn.data.DataLoader} drawn from one {@code SplittableRandom(seed)}, so the exact
 * mode sees the same batches as a single-process {@code DataLoader(..., shuffle = true, seed)}.
 */
public final class EpochOrder {
    private final SplittableRandom rng;
    private final int n;

    public EpochOrder(int n, long seed) {
        this.n = n;
        this.rng = new SplittableRandom(seed);
    }

    /** The next epoch's permutation of [0, n). */
    public int[] next() {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Batch b of an epoch's order: positions [b * size, min(n, (b + 1) * size)). */
    public static int[] batch(int[] order, int b, int size) {
        int from = b * size;
        int to = Math.min(order.length, from + size);
        int[] out = new int[Math.max(0, to - from)];
        System.arraycopy(order, from, out, 0, out.length);
        return out;
    }

    /** Number of batches of {@code size} over n examples, the last one partial. */
    public static int batches(int n, int size) {
        return (n + size - 1) / size;
    }
}
