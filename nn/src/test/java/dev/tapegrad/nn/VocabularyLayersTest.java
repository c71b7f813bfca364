package dev.tapegrad.nn;

import static dev.tapegrad.nn.Checks.close;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.io.SafeTensors;
import dev.tapegrad.nn.layers.Conv1d;
import dev.tapegrad.nn.layers.Embedding;
import dev.tapegrad.nn.layers.GELU;
import dev.tapegrad.nn.layers.LayerNorm;
import dev.tapegrad.nn.layers.MultiheadAttention;
import dev.tapegrad.nn.layers.SiLU;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The research-vocabulary layers against PyTorch 1.13 (Debian's python3-torch 1.13.0a0), float64: inputs and
 * weights are {@link #det} on both sides, expected values were printed by torch and pasted here. Also their
 * state-dict keys and shapes, a safetensors round trip, and gradients through each layer.
 */
class VocabularyLayersTest {
    /** sin(0.7·i + seed)·0.5 + 0.1·cos(1.3·i), the same formula the torch script used. */
    static Tensor det(long seed, int... shape) {
        int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.sin(0.7 * i + seed) * 0.5 + 0.1 * Math.cos(1.3 * i);
        }
        return Tensor.of(v, shape);
    }

    private static void set(Parameter p, Tensor value) {
        p.tensor().copyFrom(value);
    }

    private static List<String> keysAndShapes(Module m) {
        List<String> out = new ArrayList<>();
        m.stateDict().forEach((k, v) -> out.add(k + Arrays.toString(v.shape())));
        return out;
    }

    @Test
    void layerNormMatchesPyTorch() {
        LayerNorm ln = new LayerNorm(4);
        ln.to(DType.FLOAT64);
        set(ln.weight(), det(2, 4));
        set(ln.bias(), det(3, 4));
        close(new double[] {
            0.6625133132183898, -0.023029924863172572, -0.508396294116976, 0.20299623983136508,
            0.7931227270039691, -0.39769727145711703, -0.28927663549896526, -0.9287331751691498,
            -0.6477028314178669, -0.0855908940726138, -0.8070798846991148, -0.3862516148343759,
            1.1141169159478372, -0.33001610511868323, -0.3760643099851359, -0.3184752843074435,
            -0.5946584422874768, -0.35229209580140314, -0.7006142415079881, -1.1147982698067413,
            1.0168674339975678, -0.17697682012607294, -0.3938072503773872, -0.05627692102303547}, ln.forward(det(1, 2, 3, 4)), 1e-12);
        LayerNorm plain = new LayerNorm(new int[] {3, 4}, 1e-3, false);
        plain.to(DType.FLOAT64);
        close(new double[] {
            1.0977363536417006, 1.1027182919629364, 0.3729074753034662, -0.446750119382131,
            -1.0058959853637246, -1.3620590570647517, -1.4840598833160645, -1.0669516172996778,
            -0.03812891308088227, 1.0147644204541046, 1.27224031662363, 0.5434787175213943,
            -0.02879862680973702, -0.7727995700394928, -0.9466120747170313, -0.7972680695191402,
            -0.39485482957823587, 0.4002261517290417, 1.389823512465437, 1.8737003890909762,
            1.3228694661827767, 0.06995393592458012, -0.9550142040661568, -1.1612260806630177}, plain.forward(det(1, 2, 3, 4)), 1e-12);
        assertEquals(List.of("weight[4]", "bias[4]"), keysAndShapes(ln));
        assertEquals(0, plain.stateDict().size());
        close(new double[] {1, 1, 1, 1}, new LayerNorm(4).weight().tensor(), 0);
        close(new double[] {0, 0, 0, 0}, new LayerNorm(4).bias().tensor(), 0);
    }

    @Test
    void layerNormRejectsAMismatchedInput() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new LayerNorm(5).forward(Tensor.zeros(DType.FLOAT32, 2, 4)));
        assertTrue(e.getMessage().contains("[2, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm(new int[] {0}, 1e-5, true));
    }

    @Test
    void geluAndSiluMatchPyTorch() {
        Tensor x = Tensor.of(Arrays.stream(det(4, 7).toDoubleArray()).map(v -> 6 * v).toArray(), 7);
        close(new double[] {
            -0.07920969531421379, -0.006419137916517646, -0.006542361073381843, -0.1601113278722513,
            1.69483014648878, 3.3988067632673826, 2.848413931230139}, new GELU().forward(x), 1e-12);
        close(new double[] {
            -0.26454219627299164, -0.15683731854054533, -0.15747398549386266, -0.26759385722896467,
            1.5053536733057475, 3.2901444129318422, 2.6991457667571286}, new SiLU().forward(x), 1e-12);
    }

    @Test
    void embeddingLooksUpRowsAndAccumulatesRepeatedOnes() {
        Embedding e = new Embedding(5, 3, new SplittableRandom(4));
        e.to(DType.FLOAT64);
        Tensor w = det(5, 5, 3);
        set(e.weight(), w);
        double[] wv = w.toDoubleArray();
        Tensor y = e.forward(Tensor.of(new double[] {1, 4, 1, 0}, 2, 2));
        assertArrayEquals(new int[] {2, 2, 3}, y.shape());
        double[] expected = new double[12];
        int[] rows = {1, 4, 1, 0};
        for (int i = 0; i < 4; i++) {
            System.arraycopy(wv, rows[i] * 3, expected, i * 3, 3);
        }
        close(expected, y, 0);
        e.zeroGrad();
        dev.tapegrad.ops.Ops.sum(e.forward(new int[] {1, 4, 1, 0})).backward();
        close(new double[] {1, 1, 1, 2, 2, 2, 0, 0, 0, 0, 0, 0, 1, 1, 1}, e.weight().grad(), 0);
        assertEquals(List.of("weight[5, 3]"), keysAndShapes(e));
        var bad = assertThrows(IndexOutOfBoundsException.class, () -> e.forward(new int[] {5}));
        assertEquals("Embedding(5, 3): index 5 is out of range for 5 rows", bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> e.forward(Tensor.of(new double[] {0.5}, 1)));
    }

    @Test
    void embeddingInitIsStandardNormal() {
        double[] v = new Embedding(1000, 10, new SplittableRandom(7)).weight().tensor().toDoubleArray();
        double mean = Arrays.stream(v).average().orElseThrow();
        double var = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).average().orElseThrow();
        assertEquals(0, mean, 0.03);
        assertEquals(1, var, 0.05);
    }

    @Test
    void conv1dMatchesPyTorch() {
        Conv1d c = new Conv1d(4, 6, 3, Conv1d.Options.defaults().withStride(2).withPadding(1).withDilation(2)
                .withGroups(2), new SplittableRandom(1));
        c.to(DType.FLOAT64);
        set(c.weight(), det(5, 6, 2, 3));
        set(c.bias(), det(6, 6));
        Tensor y = c.forward(det(7, 2, 4, 9));
        assertArrayEquals(new int[] {2, 6, 4}, y.shape());
        close(new double[] {
            0.1743966642459448, -0.2309883620408726, -0.32890398777306973, -0.10115534015904376,
            -0.08575424668926071, 0.1697632854928622, 0.5850737984293197, 0.530243213589162,
            0.4562840719872127, 0.6810667548346607, 0.3380601759663333, 0.11035919568741032,
            0.6008122517151745, 0.0743355315847749, 0.1742482186506298, 0.42674366897793375,
            0.08721724584514606, 0.24916337335993063, 0.5711979179794551, 0.6384866132664656,
            0.17474487821742907, 0.4871859357282957, 0.026054141434573214, -0.26408993609693254,
            0.16687929095355403, -0.2708680298211864, -0.3326666769242146, -0.07641000794915295,
            -0.08701912603177989, 0.26924035041868505, 0.5298366633840192, 0.4897905651968645,
            0.44393656686846844, 0.6274592973273587, 0.4013622412222992, 0.09956327653655578,
            0.5819670045454202, 0.15168785876315932, 0.09263240339643541, 0.41822632904274937,
            0.07475130069676922, 0.2687761184306107, 0.6282282669991861, 0.6127809350764262, 0.180529149949816,
            0.3902702489807397, 0.06144987456393924, -0.2531622782581351}, y, 1e-12);
        assertEquals(List.of("weight[6, 2, 3]", "bias[6]"), keysAndShapes(c));
        assertEquals("Conv1d(4 -> 6, kernel 3, stride 2, padding 1, dilation 2, groups 2)", c.toString());
        assertEquals(List.of("weight[2, 3, 5]"),
                keysAndShapes(new Conv1d(3, 2, 5, Conv1d.Options.defaults().withBias(false))));
        var e = assertThrows(IllegalArgumentException.class, () -> c.forward(det(1, 2, 3, 9)));
        assertTrue(e.getMessage().contains("expected input [N, 4, L], got [2, 3, 9]"), e.getMessage());
        assertArrayEquals(new int[] {6, 4}, c.forward(det(7, 4, 9)).shape());
    }

    static MultiheadAttention attention() {
        MultiheadAttention m = new MultiheadAttention(8, 2, true, new SplittableRandom(3));
        m.to(DType.FLOAT64);
        set(m.inProjWeight(), det(8, 24, 8));
        set(m.inProjBias(), det(9, 24));
        set(m.outProj().weight(), det(10, 8, 8));
        set(m.outProj().bias(), det(11, 8));
        return m;
    }

    @Test
    void multiheadAttentionMatchesPyTorch() {
        MultiheadAttention m = attention();
        Tensor x = det(12, 2, 3, 8);
        close(new double[] {
            0.2799342353133242, 0.9663544314490959, 1.024986011584452, 0.9507005183585386, 0.4256113169345038,
            -0.48292718154617464, -1.040475822195548, -1.2801839689808399, 0.18366777557122138,
            1.0233551335439441, 1.177334082797334, 1.180155204247462, 0.6052523039857113, -0.45703494783969534,
            -1.1298873745137712, -1.4776391676389746, 0.07432272416482666, 1.0786613960909954,
            1.3354015319463206, 1.4180776819161642, 0.7993935541267074, -0.422969655641667,
            -1.2216420774225172, -1.680467143968289, -2.4303610013783077, -0.4341913641585649,
            1.3420398239961955, 2.964926730466849, 3.316943411896177, 1.7714876511027149, -0.2764040493029519,
            -2.3110694091117523, -2.5136424692487536, -0.570196944354382, 1.2362678909521416,
            2.9102062863534934, 3.34583903126879, 1.8887104938254595, -0.15131196995167986, -2.220703416266314,
            -2.6700209320132737, -0.8515395609824417, 0.9997841222088413, 2.7641705181333656,
            3.380212270817464, 2.1212371236342067, 0.11336448868174867, -2.00670879415682}, m.forward(x), 1e-12);
        Tensor kv = det(13, 2, 5, 8);
        double inf = Double.POSITIVE_INFINITY;
        Tensor mask = Tensor.of(new double[] {0, 0, 0, -inf, -inf, 0, 0, 0, 0, -inf, 0, 0, 0, 0, 0}, 3, 5);
        close(new double[] {
            0.3210438820560598, -0.01478352480202283, -0.27038010085716063, -0.43785560783424105,
            -0.29610454038593015, -0.006867788205530245, 0.050694690520261404, 0.14330588478458778,
            0.3263840407815649, 0.6602895693892621, 0.604159541811375, 0.49530816031213926,
            0.16165186158157657, -0.35249143231989577, -0.6905640551753736, -0.821775463923882,
            -0.10175713046897639, 0.836583220936868, 1.1614812357448054, 1.3663908631688297,
            0.8945637212240778, -0.2012661594872608, -0.9994705671374756, -1.5501606856406729,
            -2.69031165508516, -0.8757163375891763, 0.9856208271209868, 2.7609881195115733, 3.3924393519386733,
            2.1454093504890306, 0.1333607302319239, -1.995974349752092, -2.705086919599048, -1.045612929709832,
            0.7859096871782383, 2.575553736135115, 3.306580413320015, 2.2409031782251274, 0.3167684535704782,
            -1.7934733559436973, -2.690268757717405, -1.358267710179287, 0.3735764369770725,
            2.1477532781410447, 3.0810603692692364, 2.3909055687046763, 0.668443805374183, -1.3504841487500994}, m.forward(x, kv, kv, mask), 1e-12);
        // unbatched [L, E] is a batch of one
        Tensor x0 = Tensor.of(Arrays.copyOf(x.toDoubleArray(), 24), 3, 8);
        close(Arrays.copyOf(m.forward(x).toDoubleArray(), 24), m.forward(x0), 1e-12);
    }

    @Test
    void multiheadAttentionKeysAndInitFollowPyTorch() {
        MultiheadAttention m = new MultiheadAttention(64, 4);
        assertEquals(List.of("in_proj_weight[192, 64]", "in_proj_bias[192]", "out_proj.weight[64, 64]",
                "out_proj.bias[64]"), keysAndShapes(m));
        double bound = Math.sqrt(6.0 / (64 + 192));
        double max = Arrays.stream(m.inProjWeight().tensor().toDoubleArray()).map(Math::abs).max().orElseThrow();
        assertTrue(max <= bound && max > 0.95 * bound, "xavier-uniform bound " + bound + ", max " + max);
        assertTrue(Arrays.stream(m.inProjBias().tensor().toDoubleArray()).allMatch(v -> v == 0));
        assertTrue(Arrays.stream(m.outProj().bias().tensor().toDoubleArray()).allMatch(v -> v == 0));
        var e = assertThrows(IllegalArgumentException.class, () -> new MultiheadAttention(10, 4));
        assertTrue(e.getMessage().contains("multiple of numHeads"), e.getMessage());
        var s = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(DType.FLOAT32, 2, 3, 32)));
        assertTrue(s.getMessage().contains("[2, 3, 32]"), s.getMessage());
    }

    @Test
    void gradientsFlowThroughEachLayer() {
        Checks.moduleGradcheck(new LayerNorm(4), det(1, 2, 3, 4));
        Checks.moduleGradcheck(new LayerNorm(new int[] {3, 4}, 1e-5, true), det(2, 2, 3, 4));
        Checks.moduleGradcheck(new GELU(), det(2, 3, 5));
        Checks.moduleGradcheck(new SiLU(), det(3, 3, 5));
        Checks.moduleGradcheck(new Conv1d(4, 6, 3, Conv1d.Options.defaults().withPadding(2).withGroups(2),
                new SplittableRandom(2)), det(4, 2, 4, 7));
        Checks.moduleGradcheck(attention(), det(12, 2, 3, 8));
        MultiheadAttention m = attention();
        Tensor kv = det(13, 2, 5, 8);
        Checks.gradcheck(a -> m.forward(a[0], a[1], a[1], null), det(12, 2, 3, 8), kv);
        Checks.gradgradcheck(a -> m.forward(a[0]), det(12, 1, 3, 8));
        Embedding e = new Embedding(5, 3, new SplittableRandom(4));
        e.to(DType.FLOAT64);
        Checks.gradcheck(a -> dev.tapegrad.ops.Ops.mul(e.forward(new int[] {2, 2, 0}), a[0]), det(1, 3, 3));
    }

    @Test
    void checkpointKeepsPyTorchKeysAndValues(@TempDir Path dir) throws IOException {
        MultiheadAttention m = new MultiheadAttention(8, 2);
        Path file = dir.resolve("mha.safetensors");
        Checkpoint.saveModel(file, m);
        SafeTensors.Loaded raw = SafeTensors.read(file);
        for (var entry : m.stateDict().entrySet()) {
            assertEquals(SafeTensors.ElementType.F32, raw.get(entry.getKey()).elementType(), entry.getKey());
        }
        MultiheadAttention back = new MultiheadAttention(8, 2);
        Checkpoint.loadModel(file, back);
        Map<String, Tensor> a = m.stateDict();
        back.stateDict().forEach((k, v) -> assertArrayEquals(a.get(k).toDoubleArray(), v.toDoubleArray(), k));
    }
}
