package dev.tapegrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.layers.BatchNorm2d;
import dev.tapegrad.nn.layers.Flatten;
import dev.tapegrad.nn.layers.Linear;
import dev.tapegrad.nn.layers.ReLU;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StateDictTest {
    /** features.0 = BatchNorm2d(2), classifier = Sequential(Flatten, Linear(8 -> 3), ReLU). */
    static final class Net extends Module {
        final Sequential features;
        final Sequential classifier;

        Net(long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            features = registerModule("features", new Sequential(new BatchNorm2d(2)));
            classifier = registerModule("classifier", new Sequential(new Flatten(), new Linear(8, 3, true, rng), new ReLU()));
        }

        @Override
        public Tensor forward(Tensor x) {
            return classifier.forward(features.forward(x));
        }
    }

    private static Map<String, double[]> snapshot(Module m) {
        Map<String, double[]> out = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> out.put(k, v.toDoubleArray()));
        return out;
    }

    private static void assertSameState(Map<String, double[]> expected, Module m) {
        Map<String, double[]> now = snapshot(m);
        assertEquals(expected.keySet(), now.keySet());
        expected.forEach((k, v) -> assertArrayEquals(v, now.get(k), k));
    }

    @Test
    void namesAreDottedInPyTorchOrder() {
        assertEquals(List.of("features.0.weight", "features.0.bias", "features.0.running_mean",
                "features.0.running_var", "features.0.num_batches_tracked", "classifier.1.weight", "classifier.1.bias"),
                new ArrayList<>(new Net(1).stateDict().keySet()));
        assertEquals(List.of("features.0.weight", "features.0.bias", "classifier.1.weight", "classifier.1.bias"),
                new ArrayList<>(new Net(1).namedParameters().keySet()));
    }

    @Test
    void roundTripRestoresEverything() {
        Net a = new Net(1);
        a.forward(Tensor.randn(3, DType.FLOAT32, 4, 2, 2, 2));
        Map<String, Tensor> saved = new LinkedHashMap<>();
        a.stateDict().forEach((k, v) -> saved.put(k, v.copy()));
        Net b = new Net(2);
        Module.LoadResult r = b.loadStateDict(saved, true);
        assertTrue(r.missingKeys().isEmpty() && r.unexpectedKeys().isEmpty());
        assertSameState(snapshot(a), b);
        assertEquals(1, ((BatchNorm2d) b.features.get(0)).numBatchesTracked());
        Tensor x = Tensor.randn(5, DType.FLOAT32, 2, 2, 2, 2);
        a.eval();
        b.eval();
        assertArrayEquals(a.forward(x).toDoubleArray(), b.forward(x).toDoubleArray());
        assertTrue(b.parameters().get(0).tensor().requiresGrad(), "still trainable leaves");
    }

    @Test
    void strictLoadErrorsNameTheTensorAndChangeNothing() {
        Net a = new Net(1);
        Map<String, Tensor> good = new LinkedHashMap<>();
        new Net(2).stateDict().forEach((k, v) -> good.put(k, v.copy()));
        Map<String, double[]> before = snapshot(a);

        Map<String, Tensor> wrongShape = new LinkedHashMap<>(good);
        wrongShape.put("classifier.1.weight", Tensor.zeros(DType.FLOAT32, 3, 9));
        var e = assertThrows(IllegalArgumentException.class, () -> a.loadStateDict(wrongShape, true));
        assertTrue(e.getMessage().contains("\"classifier.1.weight\" has shape [3, 9], expected [3, 8]"), e.getMessage());
        assertSameState(before, a);

        Map<String, Tensor> wrongDType = new LinkedHashMap<>(good);
        wrongDType.put("features.0.bias", Tensor.zeros(DType.FLOAT64, 2));
        e = assertThrows(IllegalArgumentException.class, () -> a.loadStateDict(wrongDType, true));
        assertTrue(e.getMessage().contains("\"features.0.bias\" is FLOAT64, expected FLOAT32"), e.getMessage());
        assertSameState(before, a);

        Map<String, Tensor> missing = new LinkedHashMap<>(good);
        missing.remove("features.0.running_var");
        missing.put("classifier.9.weight", Tensor.zeros(DType.FLOAT32, 1));
        e = assertThrows(IllegalArgumentException.class, () -> a.loadStateDict(missing, true));
        assertTrue(e.getMessage().contains("missing \"features.0.running_var\""), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected \"classifier.9.weight\""), e.getMessage());
        assertSameState(before, a);

        Module.LoadResult r = a.loadStateDict(missing, false);
        assertEquals(List.of("features.0.running_var"), r.missingKeys());
        assertEquals(List.of("classifier.9.weight"), r.unexpectedKeys());
        assertArrayEquals(good.get("classifier.1.weight").toDoubleArray(),
                a.stateDict().get("classifier.1.weight").toDoubleArray());
    }

    @Test
    void nonFiniteValuesAndFractionalCountsAreRejected() {
        Net a = new Net(1);
        Map<String, Tensor> s = new LinkedHashMap<>();
        a.stateDict().forEach((k, v) -> s.put(k, v.copy()));
        s.put("classifier.1.bias", Tensor.of(new float[] {0, Float.NaN, 0}, 3));
        s.put("features.0.num_batches_tracked", Tensor.scalar(2.5));
        var e = assertThrows(IllegalArgumentException.class, () -> a.loadStateDict(s, true));
        assertTrue(e.getMessage().contains("\"classifier.1.bias\" holds a non-finite value"), e.getMessage());
        assertTrue(e.getMessage().contains("\"features.0.num_batches_tracked\" is a count but holds 2.5"), e.getMessage());
    }
}
