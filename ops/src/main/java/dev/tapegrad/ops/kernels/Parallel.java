package dev.tapegrad.ops.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits an index range [0, n) into contiguous chunks run on a small fixed pool of daemon workers;
 * the caller runs one chunk itself and returns when all are done.
 *
 * <p>Chunks have fixed bounds (results never depend on which thread ran which chunk) and are claimed one
 * at a time by whichever thread is ready: the caller starts claiming at once, so a worker the OS has not
 * scheduled yet (a busy machine) costs nothing but its share of the speed-up instead of stalling every
 * call until it runs. Workers wait for work by spinning briefly and then parking, so that back-to-back calls
 * cost a few microseconds instead of a full park/unpark round trip. Only one call uses the pool at a time: a
 * nested call (from inside a body) or a concurrent call from another thread runs serially on its own thread.
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

    /**
     * One call's chunks: claimed one at a time by whichever thread comes first (the caller included), so a
     * worker the OS has not scheduled yet never holds the caller up; it finds nothing left to claim.
     */
    private static final class Task {
        final RangeBody body;
        final int n;
        final int count;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread caller = Thread.currentThread();

        Task(RangeBody body, int n, int count) {
            this.body = body;
            this.n = n;
            this.count = count;
        }

        /** Claims and runs chunks until none is left; the thread that finishes the last one wakes the caller. */
        void work() {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                try {
                    body.run(bound(n, i, count), bound(n, i + 1, count));
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
                if (finished.incrementAndGet() == count && Thread.currentThread() != caller) {
                    LockSupport.unpark(caller);
                }
            }
        }

        /** Called by the caller after its own {@link #work}: waits for chunks other threads still run. */
        void await() {
            long start = System.nanoTime();
            while (finished.get() != count) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
        }
    }

    /** The caller plus threads - 1 workers; used by one caller at a time (guarded by BUSY). */
    private static final class Pool {
        final int threads;
        final Worker[] workers;

        Pool(int threads) {
            this.threads = threads;
            this.workers = new Worker[threads - 1];
            for (int i = 0; i < workers.length; i++) {
                workers[i] = new Worker("tapegrad-worker-" + (i + 1));
                workers[i].start();
            }
        }

        void run(int n, int chunks, RangeBody body) {
            Task task = new Task(body, n, chunks);
            for (int i = 0; i < chunks - 1; i++) {
                workers[i].hand(task);
            }
            task.work();
            task.await();
            Throwable failure = task.failure.get();
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw new RuntimeException(failure);
            }
        }

        void shutdown() {
            for (Worker w : workers) {
                w.retire();
            }
        }
    }

    /** A daemon thread that helps with the latest task handed to it. */
    private static final class Worker extends Thread {
        private final AtomicReference<Task> slot = new AtomicReference<>();
        private volatile boolean stopped;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        /** Called by the pool's caller: replaces a task the worker has not picked up yet (it is done by then). */
        void hand(Task t) {
            slot.set(t);
            LockSupport.unpark(this);
        }

        void retire() {
            stopped = true;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            for (Task t = awaitWork(); t != null; t = awaitWork()) {
                t.work();
            }
        }

        /** Takes the task handed over (so the worker keeps no reference to it), or null once retired. */
        private Task awaitWork() {
            long start = System.nanoTime();
            while (!stopped) {
                if (slot.get() != null) {
                    return slot.getAndSet(null);
                }
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            return null;
        }
    }
}
