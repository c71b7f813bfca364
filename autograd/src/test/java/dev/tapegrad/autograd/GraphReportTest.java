package dev.tapegrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** memoryReport and toDot on small graphs whose contents are known. */
class GraphReportTest {

    private static Tensor product(Tensor a, Tensor b) {
        return new VersionCounterTest.Product().apply(a, b);
    }

    @Test
    void memoryReportCountsSharedStorageOnce() {
        Tensor x = Tensor.zeros(DType.FLOAT64, 1000).requiresGrad(true);   // 8000 B
        Tensor y = product(x, x);                                          // saves x twice; output 8000 B
        Tensor view = x.detach();
        Tensor z = product(y, view);                                       // saves y and a view of x
        String r = Autograd.memoryReport(z);
        assertTrue(r.startsWith("memory held by the graph behind FLOAT64[1000]: 2 ops, 24.0 kB in total"), r);
        List<String> lines = r.lines().toList();
        // both Products in one row (same op, no call site): x twice, y, a view of x: x and y once
        assertTrue(lines.get(2).matches("\\s+Product\\s+4\\s+16.0 kB"), lines.get(2));
        assertTrue(lines.get(3).matches("\\s+op outputs .*\\s+2\\s+8000 B"), lines.get(3));   // y again: z only
        assertTrue(lines.get(4).matches("\\s+leaves .*\\s+2\\s+0 B"), lines.get(4));   // x and its alias
        assertEquals(5, lines.size(), r);
    }

    @Test
    void afterBackwardNothingIsSaved() {
        Tensor x = Tensor.ones(DType.FLOAT64, 3).requiresGrad(true);
        Tensor y = product(x, x);
        y.backward(Tensor.ones(DType.FLOAT64, 3));
        assertTrue(Autograd.memoryReport(y).contains("nothing saved"), Autograd.memoryReport(y));
    }

    @Test
    void toDotHasOpNodesLeavesAndEdges() {
        Tensor x = Tensor.ones(DType.FLOAT64, 2, 3).requiresGrad(true);
        Tensor c = Tensor.ones(DType.FLOAT64, 2, 3);
        Tensor y = product(product(x, c), x);
        String dot = Autograd.toDot(y);
        assertTrue(dot.startsWith("digraph tapegrad {"), dot);
        assertTrue(dot.contains("t0 [shape=box, style=filled, fillcolor=\"#cfe2f3\", label=\"leaf (requires grad)\\nFLOAT64[2, 3]\"];"), dot);
        assertTrue(dot.contains("t1 [shape=box, style=filled, fillcolor=\"#eeeeee\", label=\"constant\\nFLOAT64[2, 3]\"];"), dot);
        assertTrue(dot.contains("t2 [shape=ellipse, label=\"Product\\nFLOAT64[2, 3]\"];"), dot);
        assertTrue(dot.contains("t3 [shape=ellipse, label=\"Product\\nFLOAT64[2, 3]\", peripheries=2];"), dot);
        assertTrue(dot.contains("t0 -> t2 [label=\"0\"];"), dot);
        assertTrue(dot.contains("t1 -> t2 [label=\"1\"];"), dot);
        assertTrue(dot.contains("t2 -> t3 [label=\"0\"];"), dot);
        assertTrue(dot.contains("t0 -> t3 [label=\"1\"];"), dot);
        assertTrue(dot.trim().endsWith("}"), dot);
    }
}
