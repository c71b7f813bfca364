package dev.tapegrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one reuse rule of {@link GradBuffers}, case by case, without the engine around it. */
class GradBuffersTest {
    private static final int N = GradBuffers.MIN_ELEMENTS;
    private static final Op SUM = new GradSum();

    /** A tensor "made during the vjp": fresh storage, listed as Op.apply would list it. */
    private static Tensor made(GradBuffers b, double value, int n) {
        Tensor t = Tensor.full(value, DType.FLOAT64, n);
        GradBuffers.noteMade(b.madeList(), t, new Tensor[0]);
        return t;
    }

    @Test
    void aFreshBigOutputIsOwnedAndLaterGradientsAreAddedIntoIt() {
        GradBuffers b = new GradBuffers(1, false);
        b.beginVjp();
        Tensor incoming = Tensor.ones(DType.FLOAT64, N);
        Tensor g = made(b, 2, N);
        b.add(0, new Tensor[] {g}, 0, incoming, false, SUM);
        assertTrue(b.owned(0));
        b.beginVjp();
        Tensor other = Tensor.full(3, DType.FLOAT64, N);   // not made in this vjp: read, never written
        b.add(0, new Tensor[] {other}, 0, incoming, false, SUM);
        Tensor sum = b.take(0);
        assertSame(g, sum);
        assertArrayEquals(Tensor.full(5, DType.FLOAT64, N).toDoubleArray(), sum.toDoubleArray(), 0);
        assertArrayEquals(Tensor.full(3, DType.FLOAT64, N).toDoubleArray(), other.toDoubleArray(), 0);
    }

    @Test
    void aSmallOutputIsNeverOwned() {
        GradBuffers b = new GradBuffers(1, false);
        b.beginVjp();
        Tensor g = made(b, 2, N - 1);
        b.add(0, new Tensor[] {g}, 0, Tensor.ones(DType.FLOAT64, N - 1), false, SUM);
        assertFalse(b.owned(0));
    }

    @Test
    void anOutputFromAnEarlierVjpIsNotFresh() {
        GradBuffers b = new GradBuffers(1, false);
        b.beginVjp();
        Tensor g = made(b, 2, N);
        b.beginVjp();
        b.add(0, new Tensor[] {g}, 0, Tensor.ones(DType.FLOAT64, N), false, SUM);
        assertFalse(b.owned(0));
    }

    @Test
    void theIncomingGradientOrAGradientReturnedTwiceIsNotOwned() {
        GradBuffers b = new GradBuffers(2, false);
        b.beginVjp();
        Tensor incoming = made(b, 1, N);
        b.add(0, new Tensor[] {incoming}, 0, incoming, false, SUM);
        assertFalse(b.owned(0));
        Tensor twice = made(b, 2, N);
        Tensor[] gs = {twice, twice};
        b.add(1, gs, 1, Tensor.ones(DType.FLOAT64, N), false, SUM);
        assertFalse(b.owned(1));
    }

    @Test
    void aSecondGradientForAnUnownedSlotMakesANewOwnedSum() {
        GradBuffers b = new GradBuffers(1, false);
        Tensor first = Tensor.full(1, DType.FLOAT64, N);
        Tensor second = Tensor.full(2, DType.FLOAT64, N);
        Tensor incoming = Tensor.ones(DType.FLOAT64, N);
        b.beginVjp();
        b.add(0, new Tensor[] {first}, 0, incoming, false, SUM);
        b.add(0, new Tensor[] {second}, 0, incoming, false, SUM);
        assertTrue(b.owned(0));
        Tensor sum = b.take(0);
        assertNotSame(first, sum);
        assertArrayEquals(Tensor.full(1, DType.FLOAT64, N).toDoubleArray(), first.toDoubleArray(), 0);
    }

    @Test
    void underCreateGraphNothingIsOwned() {
        GradBuffers b = new GradBuffers(1, true);
        b.beginVjp();
        Tensor g = Tensor.full(2, DType.FLOAT64, N);
        b.add(0, new Tensor[] {g}, 0, Tensor.ones(DType.FLOAT64, N), false, SUM);
        b.add(0, new Tensor[] {g}, 0, Tensor.ones(DType.FLOAT64, N), false, SUM);
        assertFalse(b.owned(0));
        assertArrayEquals(Tensor.full(2, DType.FLOAT64, N).toDoubleArray(), g.toDoubleArray(), 0);
    }

    @Test
    void aViewFillingAnOwnedIncomingGradientIsOwnedOnlyWhenHandedOn() {
        Tensor incoming = Tensor.full(1, DType.FLOAT64, 2, N);
        Tensor transposed = incoming.asStrided(new int[] {N, 2}, new int[] {1, N}, 0);
        Tensor half = incoming.asStrided(new int[] {N}, new int[] {1}, 0);   // does not fill the storage
        GradBuffers b = new GradBuffers(4, false);
        b.beginVjp();
        b.add(0, new Tensor[] {transposed}, 0, incoming, true, SUM);
        assertTrue(b.owned(0));
        b.add(1, new Tensor[] {transposed}, 0, incoming, false, SUM);
        assertFalse(b.owned(1));
        b.add(2, new Tensor[] {half}, 0, incoming, true, SUM);
        assertFalse(b.owned(2));
        b.add(3, new Tensor[] {transposed, transposed}, 1, incoming, true, SUM);   // returned twice
        assertFalse(b.owned(3));
    }

    @Test
    void anOwnedGradientInAnotherLayoutIsAddedIntoInPlace() {
        Tensor incoming = Tensor.arange(0, 2 * N, 1, DType.FLOAT64).asStrided(new int[] {2, N}, new int[] {N, 1}, 0);
        Tensor transposed = incoming.asStrided(new int[] {N, 2}, new int[] {1, N}, 0);
        GradBuffers b = new GradBuffers(1, false);
        b.beginVjp();
        b.add(0, new Tensor[] {transposed}, 0, incoming, true, SUM);
        Tensor other = Tensor.arange(0, 2 * N, 1, DType.FLOAT64).asStrided(new int[] {N, 2}, new int[] {2, 1}, 0);
        b.beginVjp();
        b.add(0, new Tensor[] {other}, 0, Tensor.ones(DType.FLOAT64, N, 2), false, SUM);
        Tensor sum = b.take(0);
        assertSame(transposed, sum);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < 2; j++) {
                assertEquals(j * N + i + i * 2 + j, sum.get(i, j), 0);
            }
        }
    }
}
