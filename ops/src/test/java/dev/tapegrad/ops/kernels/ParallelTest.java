package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Parallel.forRange: exact coverage, exceptions, nesting, a single thread, concurrent callers. */
class ParallelTest {

    private int saved;

    @BeforeEach
    void save() {
        saved = Parallel.threads();
    }

    @AfterEach
    void restore() {
        Parallel.setThreads(saved);
    }

    /** Every index in [0, n) is visited exactly once, in at most threads() chunks. */
    @Test
    void chunksCoverTheRangeExactlyOnce() {
        for (int threads = 1; threads <= 3; threads++) {
            Parallel.setThreads(threads);
            for (int n : new int[] {0, 1, 2, 3, 5, 7, 64, 1000, 1001}) {
                for (int minChunk : new int[] {0, 1, 3, 100}) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(n);
                    AtomicInteger chunks = new AtomicInteger();
                    Parallel.forRange(n, minChunk, (from, to) -> {
                        chunks.incrementAndGet();
                        for (int i = from; i < to; i++) {
                            hits.incrementAndGet(i);
                        }
                    });
                    for (int i = 0; i < n; i++) {
                        assertEquals(1, hits.get(i), "n=" + n + " index " + i);
                    }
                    assertTrue(chunks.get() <= threads, "chunks " + chunks.get());
                    if (n < 2 * Math.max(1, minChunk)) {
                        assertTrue(chunks.get() <= 1, "small n runs inline");
                    }
                }
            }
        }
    }

    @Test
    void workerExceptionReachesTheCaller() {
        Parallel.setThreads(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () ->
                Parallel.forRange(100, 1, (from, to) -> {
                    if (from > 0) {
                        throw new IllegalStateException("worker " + from);
                    }
                }));
        assertEquals("worker 50", e.getMessage());
        AtomicInteger ran = new AtomicInteger();
        Parallel.forRange(100, 1, (from, to) -> ran.addAndGet(to - from));
        assertEquals(100, ran.get(), "pool still works after a failure");
    }

    @Test
    void callerExceptionWaitsForWorkers() {
        Parallel.setThreads(2);
        AtomicInteger workerDone = new AtomicInteger();
        assertThrows(ArithmeticException.class, () ->
                Parallel.forRange(100, 1, (from, to) -> {
                    if (from == 0) {
                        throw new ArithmeticException("caller");
                    }
                    sleep(20);
                    workerDone.incrementAndGet();
                }));
        assertEquals(1, workerDone.get());
    }

    @Test
    void nestedCallsRunWithoutDeadlock() {
        Parallel.setThreads(2);
        AtomicInteger total = new AtomicInteger();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                Parallel.forRange(8, 1, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        Parallel.forRange(10, 1, (f, t) -> total.addAndGet(t - f));
                    }
                }));
        assertEquals(80, total.get());
    }

    @Test
    void concurrentCallersBothFinish() throws InterruptedException {
        Parallel.setThreads(2);
        AtomicInteger total = new AtomicInteger();
        Runnable job = () -> {
            for (int r = 0; r < 200; r++) {
                Parallel.forRange(1000, 1, (from, to) -> total.addAndGet(to - from));
            }
        };
        Thread other = new Thread(job);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            other.start();
            job.run();
            other.join();
        });
        assertEquals(2 * 200 * 1000, total.get());
    }

    @Test
    void oneThreadRunsOnTheCaller() {
        Parallel.setThreads(1);
        assertEquals(1, Parallel.threads());
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        Parallel.forRange(1000, 1, (from, to) -> seen.add(Thread.currentThread()));
        assertEquals(Set.of(Thread.currentThread()), seen);
    }

    @Test
    void twoThreadsUseAWorker() {
        Parallel.setThreads(2);
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        Parallel.forRange(1000, 1, (from, to) -> {
            seen.add(Thread.currentThread());
            // whichever thread claims a chunk first could take both: hold it until the other one claims one
            for (int i = 0; i < 500 && seen.size() < 2; i++) {
                sleep(10);
            }
        });
        assertEquals(2, seen.size());
        assertTrue(seen.contains(Thread.currentThread()));
    }

    /** Chunk bounds do not depend on which thread runs a chunk, so results are the same on every run. */
    @Test
    void chunkBoundsAreFixed() {
        Parallel.setThreads(3);
        for (int run = 0; run < 50; run++) {
            Set<String> chunks = ConcurrentHashMap.newKeySet();
            Parallel.forRange(1000, 1, (from, to) -> chunks.add(from + ".." + to));
            assertEquals(Set.of("0..333", "333..666", "666..1000"), chunks);
        }
    }

    @Test
    void rejectsZeroThreads() {
        assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
        assertSame(saved, Parallel.threads());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
