package dev.tapegrad.ops.kernels;

import java.lang.System.Logger.Level;

/** Which numeric kernels this run uses (SIMD or scalar) and how many threads; logged once at first use. */
public final class Kernels {

    private static final boolean SIMD = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    static {
        if (SIMD) {
            SimdClasses.link();
        }
        System.getLogger(Kernels.class.getPackageName()).log(Level.INFO, describe());
    }

    private Kernels() {}

    /** True when the Vector API module is present at run time and the SIMD kernels are used. */
    public static boolean simd() {
        return SIMD;
    }

    /** One line naming the kernels in use, e.g. "Tapegrad kernels: SIMD (...16 lanes), 2 threads". */
    public static String describe() {
        String threads = Parallel.threads() == 1 ? "1 thread" : Parallel.threads() + " threads";
        if (SIMD) {
            return "Tapegrad kernels: SIMD (jdk.incubator.vector, " + GemmSimd.describeSpecies() + "), " + threads;
        }
        return "Tapegrad kernels: scalar (jdk.incubator.vector not present: run with --add-modules "
                + "jdk.incubator.vector for SIMD kernels), " + threads;
    }
}
