package dev.tapegrad.ops.kernels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generates the FLOAT64 kernels from their FLOAT32 templates, so that the two dtypes are one source. The
 * FLOAT32 file is the one to edit; its FLOAT64 twin is derived by whole-text substitutions
 * ({@code float→double}, {@code Float→Double}, {@code FLOAT32→FLOAT64}, {@code sgemm→dgemm},
 * {@code 2f→2.0}, {@code 0.5f→0.5}, {@code 1e-3f→1e-3}) and committed with a header naming its template. Templates are
 * written so that these substitutions are all there is to it: sizes in bytes via {@code Float.BYTES},
 * species-dependent constants derived from the lane count, and a Javadoc sentence
 * {@code {@link XDouble} is generated from this file for FLOAT64.} that the twin turns into a pointer back
 * to its template. {@code GeneratedKernelsTest} fails when a committed twin differs from what this
 * produces. Run from the repository root after editing a template:
 * <pre>java ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java</pre>
 */
public final class DoubleKernels {
    private DoubleKernels() {}

    /** A FLOAT32 template and its generated FLOAT64 twin, both relative to the ops module. */
    public record Pair(Path template, Path twin) {
        static Pair kernel(String template, String twin) {
            return of("src/main/java/dev/tapegrad/ops/kernels/", template, twin);
        }

        static Pair test(String template, String twin) {
            return of("src/test/java/dev/tapegrad/ops/kernels/", template, twin);
        }

        private static Pair of(String dir, String template, String twin) {
            return new Pair(Path.of(dir + template + ".java"), Path.of(dir + twin + ".java"));
        }
    }

    /** Every generated file. */
    public static final List<Pair> PAIRS = List.of(
            Pair.kernel("ConvFloat", "ConvDouble"),
            Pair.kernel("DirectConvFloat", "DirectConvDouble"),
            Pair.kernel("DirectConvWeightFloat", "DirectConvWeightDouble"),
            Pair.kernel("DepthwiseConvFloat", "DepthwiseConvDouble"),
            Pair.kernel("DepthwiseSimdFloat", "DepthwiseSimdDouble"),
            Pair.kernel("DepthwiseStridedFloat", "DepthwiseStridedDouble"),
            Pair.kernel("DepthwiseStridedSimdFloat", "DepthwiseStridedSimdDouble"),
            Pair.kernel("GemmConvFloat", "GemmConvDouble"),
            Pair.kernel("WinogradFloat", "WinogradDouble"),
            Pair.kernel("WinogradSimdFloat", "WinogradSimdDouble"),
            Pair.kernel("Winograd4Float", "Winograd4Double"),
            Pair.kernel("Winograd4TilesFloat", "Winograd4TilesDouble"),
            Pair.kernel("Winograd4SimdFloat", "Winograd4SimdDouble"),
            Pair.kernel("Winograd4WeightFloat", "Winograd4WeightDouble"),
            Pair.kernel("Winograd4WeightSimdFloat", "Winograd4WeightSimdDouble"),
            Pair.kernel("Winograd4ForwardSimdFloat", "Winograd4ForwardSimdDouble"),
            Pair.kernel("Winograd4WideTileSimdFloat", "Winograd4WideTileSimdDouble"),
            Pair.kernel("Im2colFloat", "Im2colDouble"),
            Pair.kernel("Im2colSimdFloat", "Im2colSimdDouble"),
            Pair.kernel("Col2imFloat", "Col2imDouble"),
            Pair.kernel("SplitRowsFloat", "SplitRowsDouble"),
            Pair.kernel("Im2colPanelsFloat", "Im2colPanelsDouble"),
            Pair.kernel("Im2colChannelsLastFloat", "Im2colChannelsLastDouble"),
            Pair.kernel("ImplicitGemmSimdFloat", "ImplicitGemmSimdDouble"),
            Pair.kernel("StridedImageFloat", "StridedImageDouble"),
            Pair.kernel("WeightPlanesFloat", "WeightPlanesDouble"),
            Pair.kernel("WeightPlanesSimdFloat", "WeightPlanesSimdDouble"),
            Pair.kernel("SgemmSimd", "DgemmSimd"),
            Pair.kernel("SgemmPackSimd", "DgemmPackSimd"),
            Pair.kernel("SgemmBlockedSimd", "DgemmBlockedSimd"),
            Pair.kernel("PoolFloat", "PoolDouble"),
            Pair.kernel("PoolFloatSimd", "PoolDoubleSimd"),
            Pair.kernel("PoolTilesFloat", "PoolTilesDouble"),
            Pair.kernel("PoolTransposedFloat", "PoolTransposedDouble"),
            Pair.kernel("PoolChannelsLastFloat", "PoolChannelsLastDouble"),
            Pair.kernel("PoolChannelsLastSimdFloat", "PoolChannelsLastSimdDouble"),
            Pair.kernel("TapLoopsSimdFloat", "TapLoopsSimdDouble"),
            Pair.kernel("TapDotsSimdFloat", "TapDotsSimdDouble"),
            Pair.kernel("TapLoopsGridSimdFloat", "TapLoopsGridSimdDouble"),
            Pair.kernel("TapLoopsGrid4SimdFloat", "TapLoopsGrid4SimdDouble"),
            Pair.kernel("TapLoopsNarrowSimdFloat", "TapLoopsNarrowSimdDouble"),
            Pair.kernel("StridedCopyFloat", "StridedCopyDouble"),
            Pair.kernel("TransposeFloatSimd", "TransposeDoubleSimd"),
            Pair.kernel("BatchNormKernelsFloat", "BatchNormKernelsDouble"),
            Pair.kernel("BroadcastFloat", "BroadcastDouble"),
            Pair.kernel("BroadcastRowsFloat", "BroadcastRowsDouble"),
            Pair.kernel("ShortRowsSimdFloat", "ShortRowsSimdDouble"),
            Pair.kernel("LayerNormKernelsFloat", "LayerNormKernelsDouble"),
            Pair.kernel("LayerNormSimdFloat", "LayerNormSimdDouble"),
            Pair.kernel("ElementwiseFloat", "ElementwiseDouble"),
            Pair.kernel("ElementwiseSimdFloat", "ElementwiseSimdDouble"),
            Pair.kernel("ReduceFloat", "ReduceDouble"),
            Pair.kernel("ExtremaFloat", "ExtremaDouble"),
            Pair.kernel("ExtremaSimdFloat", "ExtremaSimdDouble"),
            Pair.kernel("ScatterDimFloat", "ScatterDimDouble"),
            Pair.kernel("ExtremumFloat", "ExtremumDouble"),
            Pair.kernel("ExtremumSimdFloat", "ExtremumSimdDouble"),
            Pair.kernel("ChannelSumsFloat", "ChannelSumsDouble"),
            Pair.test("PoolFloatSimdTest", "PoolDoubleSimdTest"),
            Pair.test("LayerNormSimdFloatTest", "LayerNormSimdDoubleTest"),
            Pair.test("Winograd4SimdFloatTest", "Winograd4SimdDoubleTest"));

    private static final String GENERATOR = "ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java";
    private static final Pattern TWIN_NOTE =
            Pattern.compile("\\{@link (\\w+)\\}(?:\\s+\\*)?\\s+is(?:\\s+\\*)?\\s+generated(?:\\s+\\*)?\\s+from(?:\\s+\\*)?\\s+this"
                    + "(?:\\s+\\*)?\\s+file(?:\\s+\\*)?\\s+for(?:\\s+\\*)?\\s+FLOAT64\\.");
    private static final String NOTE_MARK = "\u0000NOTE\u0000";
    /** A decimal float literal: digits, optional fraction and exponent, then f (not inside a name or hex). */
    private static final Pattern FLOAT_LITERAL =
            Pattern.compile("(?<![\\w.])(\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)[fF]\\b");

    /** The FLOAT64 twin of a FLOAT32 template, header included. */
    public static String generate(String templateName, String source) {
        Matcher note = TWIN_NOTE.matcher(source);
        String text = note.replaceAll(NOTE_MARK);
        text = text.replace("FLOAT32", "FLOAT64")
                .replace("Float", "Double")
                .replace("float", "double")
                .replace("Sgemm", "Dgemm")
                .replace("sgemm", "dgemm");
        text = FLOAT_LITERAL.matcher(text).replaceAll(m -> {
            String digits = m.group(1);
            return digits.matches("\\d+") ? digits + ".0" : digits;
        });
        text = text.replace(NOTE_MARK, "Generated from {@link " + templateName + "}: edit that file, not this one.");
        return "// GENERATED from " + templateName + ".java by " + GENERATOR + ". Do not edit:\n"
                + "// edit the FLOAT32 template, then run that file with `java` from the repository root.\n"
                + text;
    }

    /** The twin's expected text, from the template on disk ({@code ops} is the ops module's directory). */
    public static String expected(Path ops, Pair pair) throws IOException {
        String name = pair.template().getFileName().toString().replace(".java", "");
        return generate(name, Files.readString(ops.resolve(pair.template())));
    }

    /** Writes every twin; the argument (default {@code ops}) is the ops module's directory. */
    public static void main(String[] args) throws IOException {
        Path ops = Path.of(args.length > 0 ? args[0] : "ops");
        for (Pair pair : PAIRS) {
            Path twin = ops.resolve(pair.twin());
            String text = expected(ops, pair);
            if (!Files.exists(twin) || !Files.readString(twin).equals(text)) {
                Files.writeString(twin, text);
                System.out.println("wrote " + twin);
            }
        }
    }
}
