package dev.tapegrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.nn.data.DataLoader;
import dev.tapegrad.nn.data.DataLoader.Batch;
import dev.tapegrad.nn.data.Dataset;
import dev.tapegrad.nn.data.TensorDataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    /** 10 examples of shape [1, 2]: example i has features {i, -i} and label i. */
    private static TensorDataset data() {
        float[] f = new float[20];
        int[] labels = new int[10];
        for (int i = 0; i < 10; i++) {
            f[2 * i] = i;
            f[2 * i + 1] = -i;
            labels[i] = i;
        }
        return new TensorDataset(f, labels, 1, 2);
    }

    private static List<Batch> epoch(DataLoader loader) {
        List<Batch> out = new ArrayList<>();
        loader.forEach(out::add);
        return out;
    }

    @Test
    void batchesInOrderKeepingTheLastPartialOne() {
        DataLoader loader = new DataLoader(data(), 4, false, 0, false);
        List<Batch> b = epoch(loader);
        assertEquals(3, loader.numBatches());
        assertEquals(3, b.size());
        assertArrayEquals(new int[] {4, 1, 2}, b.get(0).features().shape());
        assertArrayEquals(new int[] {0, 1, 2, 3}, b.get(0).labels());
        assertArrayEquals(new double[] {4, -4, 5, -5, 6, -6, 7, -7}, b.get(1).features().toDoubleArray());
        assertArrayEquals(new int[] {2, 1, 2}, b.get(2).features().shape());
        assertArrayEquals(new int[] {8, 9}, b.get(2).labels());
    }

    @Test
    void dropLastDropsThePartialBatch() {
        DataLoader loader = new DataLoader(data(), 4, true, 1, true);
        assertEquals(2, loader.numBatches());
        List<Batch> b = epoch(loader);
        assertEquals(2, b.size());
        for (Batch x : b) {
            assertEquals(4, x.size());
        }
    }

    @Test
    void shufflesWithANewPermutationEachEpochFixedBySeed() {
        DataLoader a = new DataLoader(data(), 10, true, 42, false);
        DataLoader b = new DataLoader(data(), 10, true, 42, false);
        int[] a1 = epoch(a).get(0).labels();
        int[] a2 = epoch(a).get(0).labels();
        assertArrayEquals(a1, epoch(b).get(0).labels());
        assertArrayEquals(a2, epoch(b).get(0).labels());
        assertFalse(Arrays.equals(a1, a2), "a new permutation each epoch");
        assertNotEquals(Arrays.toString(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}), Arrays.toString(a1));
        int[] sorted = a1.clone();
        Arrays.sort(sorted);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
        Batch batch = epoch(a).get(0);
        for (int j = 0; j < 10; j++) {
            assertEquals(batch.labels()[j], batch.features().get(j, 0, 0), "features travel with their label");
        }
    }

    @Test
    void loadsOnABackgroundDaemonThreadThatCloseStops() throws Exception {
        DataLoader loader = new DataLoader(data(), 1, false, 0, false);
        DataLoader.BatchIterator it = loader.iterator();
        assertTrue(it.hasNext());
        it.next();
        Thread t = findLoader();
        assertTrue(t != null && t.isDaemon() && t != Thread.currentThread());
        it.close();
        t.join(5000);
        assertFalse(t.isAlive());
        assertFalse(it.hasNext());
    }

    @Test
    void anAbandonedIteratorStopsItsThreadWhenCollected() throws Exception {
        Thread t = startAndAbandon();
        for (int i = 0; i < 50 && t.isAlive(); i++) {
            System.gc();
            t.join(100);
        }
        assertFalse(t.isAlive(), "the loading thread of a dropped iterator still runs");
    }

    private static Thread startAndAbandon() {
        DataLoader.BatchIterator it = new DataLoader(data(), 1, false, 0, false).iterator();
        it.next();
        Thread t = findLoader();
        assertTrue(t != null && t.isAlive(), "blocked on a full queue");
        return t;
    }

    private static Thread findLoader() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("tapegrad-dataloader") && t.isAlive()) {
                return t;
            }
        }
        return null;
    }

    @Test
    void failuresReachTheConsumer() {
        IllegalStateException boom = new IllegalStateException("disk on fire");
        Dataset broken = new Dataset() {
            @Override
            public int size() {
                return 6;
            }

            @Override
            public int[] featureShape() {
                return new int[] {1};
            }

            @Override
            public Example get(int i) {
                if (i == 3) {
                    throw boom;
                }
                return new Example(new float[] {i}, 0);
            }
        };
        DataLoader.BatchIterator it = new DataLoader(broken, 2, false, 0, false).iterator();
        it.next();
        var e = assertThrows(DataLoader.LoadingException.class, it::next);
        assertSame(boom, e.getCause());
        assertTrue(e.getMessage().contains("batch 1"), e.getMessage());
        assertFalse(it.hasNext());
    }

    @Test
    void validatesShapes() {
        assertThrows(IllegalArgumentException.class, () -> new TensorDataset(new float[5], new int[2], 3));
        assertThrows(IllegalArgumentException.class, () -> new DataLoader(data(), 0, false, 0, false));
    }
}
