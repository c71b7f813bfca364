package dev.tapegrad.autograd;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the graph behind a tensor holds, for people: {@link Autograd#memoryReport} and
 * {@link Autograd#toDot}. Walks every tensor the graph references (op outputs, leaves and constants),
 * iteratively and in a deterministic order (inputs in argument order, inputs before consumers).
 */
final class GraphReport {
    private GraphReport() {}

    /** Every tensor reachable from out through recorded ops, inputs before their consumers; out is last. */
    static List<Tensor> tensors(Tensor out) {
        List<Tensor> order = new ArrayList<>();
        IdentityHashMap<Tensor, Boolean> seen = new IdentityHashMap<>();
        List<Tensor> stack = new ArrayList<>();
        List<Integer> next = new ArrayList<>();
        stack.add(out);
        next.add(0);
        seen.put(out, Boolean.TRUE);
        while (!stack.isEmpty()) {
            int top = stack.size() - 1;
            Tensor t = stack.get(top);
            Node node = t.gradFn();
            int j = next.get(top);
            if (node != null && j < node.inputs.length) {
                next.set(top, j + 1);
                Tensor in = node.inputs[j];
                if (in != null && seen.put(in, Boolean.TRUE) == null) {
                    stack.add(in);
                    next.add(0);
                }
            } else {
                order.add(t);
                stack.remove(top);
                next.remove(top);
            }
        }
        return order;
    }

    private static long bytes(Tensor t) {
        Object s = t.storage();
        return s instanceof float[] f ? 4L * f.length : 8L * ((double[]) s).length;
    }

    /** Row of the memory table: a count and the bytes of storage first counted in it. */
    private static final class Row {
        int count;
        long bytes;
    }

    static String memoryReport(Tensor out) {
        List<Tensor> tensors = tensors(out);
        IdentityHashMap<Object, Boolean> counted = new IdentityHashMap<>();
        Map<String, Row> saved = new LinkedHashMap<>();
        int ops = 0;
        for (Tensor t : tensors) {
            Node node = t.gradFn();
            if (node == null) {
                continue;
            }
            ops++;
            CallSite site = node.ctx.callSite();
            String key = node.op.name() + (site != null ? "  " + site.describe() : "");
            Row row = saved.computeIfAbsent(key, k -> new Row());
            for (Tensor s : node.ctx.savedUnchecked()) {
                if (s != null) {
                    row.count++;
                    row.bytes += counted.put(s.storage(), Boolean.TRUE) == null ? bytes(s) : 0;
                }
            }
        }
        Row held = new Row();
        Row leaves = new Row();
        for (Tensor t : tensors) {
            Row row = t.gradFn() == null ? leaves : held;
            row.count++;
            row.bytes += counted.put(t.storage(), Boolean.TRUE) == null ? bytes(t) : 0;
        }
        long total = held.bytes + leaves.bytes;
        for (Row r : saved.values()) {
            total += r.bytes;
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "memory held by the graph behind %s%s: %d ops, %s in total "
                + "(storage shared between tensors counted once)%n", out.dtype(), Shapes.str(out.shape()), ops,
                human(total)));
        b.append(String.format(Locale.ROOT, "  %-60s %7s %11s%n", "saved for backward, by op (call site)", "tensors",
                "bytes"));
        for (Map.Entry<String, Row> e : saved.entrySet()) {
            b.append(String.format(Locale.ROOT, "  %-60s %7d %11s%n", e.getKey(), e.getValue().count,
                    human(e.getValue().bytes)));
        }
        b.append(String.format(Locale.ROOT, "  %-60s %7d %11s%n", "op outputs (intermediates and the output)",
                held.count, human(held.bytes)));
        b.append(String.format(Locale.ROOT, "  %-60s %7d %11s%n", "leaves (parameters, data, constants)",
                leaves.count, human(leaves.bytes)));
        if (ops > 0 && saved.values().stream().allMatch(r -> r.count == 0)) {
            b.append("  (nothing saved: the graph was released by a backward, or its ops save nothing)\n");
        }
        return b.toString();
    }

    private static String human(long bytes) {
        if (bytes < 10_000) {
            return bytes + " B";
        }
        if (bytes < 10_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    static String toDot(Tensor out) {
        List<Tensor> tensors = tensors(out);
        IdentityHashMap<Tensor, Integer> id = new IdentityHashMap<>();
        StringBuilder b = new StringBuilder();
        b.append("digraph tapegrad {\n");
        b.append("  node [fontname=\"Helvetica\", fontsize=10];\n");
        for (Tensor t : tensors) {
            int k = id.size();
            id.put(t, k);
            String shape = t.dtype() + Shapes.str(t.shape());
            Node node = t.gradFn();
            String attrs;
            if (node == null) {
                String kind = t.requiresGrad() ? "leaf (requires grad)" : "constant";
                attrs = "shape=box, style=filled, fillcolor=\"" + (t.requiresGrad() ? "#cfe2f3" : "#eeeeee")
                        + "\", label=\"" + escape(kind + "\n" + shape) + "\"";
            } else {
                CallSite site = node.ctx.callSite();
                attrs = "shape=ellipse, label=\"" + escape(node.op.name() + "\n" + shape
                        + (site != null ? "\n" + site : "")) + "\"";
            }
            if (t == out) {
                attrs += ", peripheries=2";
            }
            b.append("  t").append(k).append(" [").append(attrs).append("];\n");
        }
        for (Tensor t : tensors) {
            Node node = t.gradFn();
            if (node == null) {
                continue;
            }
            for (int j = 0; j < node.inputs.length; j++) {
                Tensor in = node.inputs[j];
                if (in != null) {
                    b.append("  t").append(id.get(in)).append(" -> t").append(id.get(t));
                    if (node.inputs.length > 1) {
                        b.append(" [label=\"").append(j).append("\"]");
                    }
                    b.append(";\n");
                }
            }
        }
        b.append("}\n");
        return b.toString();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
