package dev.tapegrad.ops.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits an index range [0, n) into contiguous chunks run on a small fixed pool of daemon workers;
 * the caller runs one chunk itself and returns when all are done.
 *
 * <p>Workers wait for work by spinning briefly and then parking, so that back-to-back calls cost a few
 * microseconds instead of a full park/unpark round trip. Only one call uses the pool at a time: a nested
 * call (from inside a body) or a concurrent call from another thread runs serially on its own thread.
 */
public final class Parallel {

    /** A body run on one contiguous chunk [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /** How long a waiting thread spins before it parks. */
    static final long SPIN_NANOS = 50_000;

    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static volatile Pool pool = new Pool(defaultThreads());

    private Parallel() {}

    /** The number of threads a call may use, the caller included. */
    public static int threads() {
        return pool.threads;
    }

    /**
     * Sets the number of threads (n >= 1; 1 runs everything on the caller), replacing the pool; waits for a
     * running call to finish, so it must not be called from inside a body.
     */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + n);
        }
        while (!BUSY.compareAndSet(false, true)) {
            Thread.onSpinWait();
        }
        try {
            Pool old = pool;
            pool = new Pool(n);
            old.shutdown();
        } finally {
            BUSY.set(false);
        }
    }

    /**
     * Runs body over [0, n) split into at most {@link #threads()} contiguous chunks of at least minChunk
     * indices; rethrows the first exception thrown by any chunk. n below 2 * minChunk runs inline.
     */
    public static void forRange(int n, int minChunk, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int min = Math.max(1, minChunk);
        if (chunks(pool, n, min) <= 1 || !BUSY.compareAndSet(false, true)) {
            body.run(0, n);
            return;
        }
        try {
            Pool p = pool;
            p.run(n, chunks(p, n, min), body);
        } finally {
            BUSY.set(false);
        }
    }

    private static int chunks(Pool p, int n, int min) {
        return Math.min(p.threads, n / min);
    }

    private static int defaultThreads() {
        int n = Integer.getInteger("tapegrad.threads", Runtime.getRuntime().availableProcessors());
        return Math.max(1, n);
    }

    /** Start of chunk i of count chunks over [0, n). */
    static int bound(int n, int i, int count) {
        return (int) ((long) n * i / count);
    }

    /** The caller plus threads - 1 workers; used by one caller at a time (guarded by BUSY). */
    private static final class Pool {
        final int threads;
        final Worker[] workers;
        final AtomicInteger pending = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile Thread waiter;

        Pool(int threads) {
            this.threads = threads;
            this.workers = new Worker[threads - 1];
            for (int i = 0; i < workers.length; i++) {
                workers[i] = new Worker(this, "tapegrad-worker-" + (i + 1));
                workers[i].start();
            }
        }

        void run(int n, int chunks, RangeBody body) {
            failure.set(null);
            waiter = Thread.currentThread();
            pending.set(chunks - 1);
            for (int i = 1; i < chunks; i++) {
                workers[i - 1].hand(body, bound(n, i, chunks), bound(n, i + 1, chunks));
            }
            Throwable own = null;
            try {
                body.run(0, bound(n, 1, chunks));
            } catch (Throwable t) {
                own = t;
            }
            awaitWorkers();
            Throwable other = failure.get();
            if (own == null) {
                own = other;
            } else if (other != null && other != own) {
                own.addSuppressed(other);
            }
            if (own instanceof RuntimeException e) {
                throw e;
            }
            if (own instanceof Error e) {
                throw e;
            }
            if (own != null) {
                throw new RuntimeException(own);
            }
        }

        private void awaitWorkers() {
            long start = System.nanoTime();
            while (pending.get() != 0) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
        }

        void done(Throwable t) {
            if (t != null) {
                failure.compareAndSet(null, t);
            }
            if (pending.decrementAndGet() == 0) {
                LockSupport.unpark(waiter);
            }
        }

        void shutdown() {
            for (Worker w : workers) {
                w.retire();
            }
        }
    }

    /** A daemon thread that runs one chunk per generation handed to it. */
    private static final class Worker extends Thread {
        private final Pool pool;
        private volatile int generation;
        private volatile boolean stopped;
        private int seen;
        private RangeBody body;
        private int from;
        private int to;

        Worker(Pool pool, String name) {
            super(name);
            this.pool = pool;
            setDaemon(true);
        }

        /** Called by the pool's caller: the plain fields are published by the volatile write. */
        void hand(RangeBody body, int from, int to) {
            this.body = body;
            this.from = from;
            this.to = to;
            generation = generation + 1;
            LockSupport.unpark(this);
        }

        void retire() {
            stopped = true;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            while (awaitWork()) {
                Throwable thrown = null;
                try {
                    body.run(from, to);
                } catch (Throwable t) {
                    thrown = t;
                }
                body = null;
                pool.done(thrown);
            }
        }

        private boolean awaitWork() {
            long start = System.nanoTime();
            while (generation == seen) {
                if (stopped) {
                    return false;
                }
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = generation;
            return true;
        }
    }
}
