package dev.tapegrad.nn.data;

import dev.tapegrad.autograd.Tensor;
import java.lang.ref.Cleaner;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Batches of a {@link Dataset}: features stacked into a FLOAT32 tensor [B, ...featureShape] and the labels
 * as an int[]. Each {@link #iterator()} is one epoch. With shuffling, every epoch uses a new permutation
 * drawn from one generator seeded at construction, so a seed fixes the whole sequence of epochs. The last
 * partial batch is kept unless {@code dropLast}.
 *
 * <p>The iterator builds the next batches on a background daemon thread (up to {@code PREFETCH} ahead) while
 * the consumer trains on the current one. An exception while building a batch is rethrown to the consumer
 * by {@code next()}. {@link BatchIterator#close()} stops the thread early (try-with-resources when leaving
 * an epoch before its end); an iterator dropped without closing has its thread stopped once it is
 * garbage-collected.
 */
public final class DataLoader implements Iterable<DataLoader.Batch> {
    private static final int PREFETCH = 2;

    /** One batch: features [B, ...] and B labels. */
    public record Batch(Tensor features, int[] labels) {
        public int size() {
            return labels.length;
        }
    }

    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final SplittableRandom rng;

    public DataLoader(Dataset dataset, int batchSize, boolean shuffle, long seed, boolean dropLast) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("DataLoader: batch size must be positive, got " + batchSize);
        }
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.rng = new SplittableRandom(seed);
    }

    /** Batches per epoch. */
    public int numBatches() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    public Dataset dataset() {
        return dataset;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Starts one epoch: draws its order now (on the calling thread) and starts the loading thread. */
    @Override
    public synchronized BatchIterator iterator() {
        int n = dataset.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return new BatchIterator(order, numBatches());
    }

    private Batch build(int[] order, int b) {
        int start = b * batchSize;
        int size = Math.min(batchSize, order.length - start);
        int[] shape = dataset.featureShape();
        int stride = 1;
        for (int s : shape) {
            stride *= s;
        }
        float[] x = new float[size * stride];
        int[] labels = new int[size];
        for (int j = 0; j < size; j++) {
            int idx = order[start + j];
            dataset.copyFeatures(idx, x, j * stride);
            labels[j] = dataset.label(idx);
        }
        int[] batchShape = new int[shape.length + 1];
        batchShape[0] = size;
        System.arraycopy(shape, 0, batchShape, 1, shape.length);
        return new Batch(Tensor.wrap(x, batchShape), labels);
    }

    /** Thrown by {@code next()} when building a batch failed on the loading thread; the cause is the failure. */
    public static final class LoadingException extends RuntimeException {
        LoadingException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Cleaner CLEANER = Cleaner.create();
    private static final Object END = new Object();

    private record Failure(int batch, Throwable error) {}

    /**
     * The loading thread and its hand-over queue. Kept apart from the iterator so the thread does not keep
     * an abandoned iterator reachable: when an iterator is dropped without {@code close()}, a cleaner
     * stops its thread.
     */
    private static final class Loader implements Runnable {
        final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(PREFETCH);
        final Thread thread;
        volatile boolean closed;

        Loader(DataLoader owner, int[] order, int count) {
            thread = Thread.ofPlatform().daemon().name("tapegrad-dataloader").unstarted(() -> load(owner, order, count));
        }

        private void load(DataLoader owner, int[] order, int count) {
            try {
                for (int b = 0; b < count && !closed; b++) {
                    Object item;
                    try {
                        item = owner.build(order, b);
                    } catch (RuntimeException | Error e) {
                        item = new Failure(b, e);
                    }
                    queue.put(item);
                    if (item instanceof Failure) {
                        return;
                    }
                }
                queue.put(END);
            } catch (InterruptedException e) {
                // closed by the consumer
            }
        }

        /** Stops the thread (the cleaner's action). */
        @Override
        public void run() {
            closed = true;
            thread.interrupt();
        }
    }

    /** One epoch's batches, prepared in the background. */
    public final class BatchIterator implements Iterator<Batch>, AutoCloseable {
        private final Loader loader;
        private final Cleaner.Cleanable cleanable;
        private Object next;
        private boolean done;

        BatchIterator(int[] order, int count) {
            loader = new Loader(DataLoader.this, order, count);
            cleanable = CLEANER.register(this, loader);
            loader.thread.start();
        }

        @Override
        public boolean hasNext() {
            if (done || loader.closed) {
                return false;
            }
            if (next == null) {
                try {
                    next = loader.queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("DataLoader: interrupted while waiting for a batch", e);
                }
            }
            if (next == END) {
                done = true;
                return false;
            }
            return true;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("DataLoader: no more batches in this epoch");
            }
            Object item = next;
            next = null;
            if (item instanceof Failure f) {
                done = true;
                throw new LoadingException("DataLoader: preparing batch " + f.batch() + " failed: " + f.error(), f.error());
            }
            return (Batch) item;
        }

        /** Stops the loading thread and ends the epoch. */
        @Override
        public void close() {
            cleanable.clean();
        }
    }
}
