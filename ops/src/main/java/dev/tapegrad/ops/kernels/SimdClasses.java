package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Links the Vector API's vector and mask classes of every shape of float and int lanes once, before any kernel
 * runs, so that no compiled kernel is thrown away later when another shape first appears.
 *
 * <p>Why: HotSpot links a class such as {@code Int256Vector$Int256Mask} only when its first instance is made.
 * While {@code Float512Vector$Float512Mask} is the only linked subclass of {@code VectorMask}, the JIT compilers
 * bind the Vector API's calls on a {@code VectorMask} (the {@code or}, {@code and}, {@code not} and
 * {@code allTrue} of every masked load and store) to that one class through class-hierarchy analysis and record
 * the assumption; the first use of the 8-lane transposes ({@link TransposeFloatSimd}, int and float vectors of
 * 256 bits) then links a second mask class, and every compiled method holding the assumption is made not
 * entrant at once, C1 and C2 code alike (JFR and {@code -Xlog:dependencies}: in the small ResNet's first steps
 * the C2 code of {@code taps8GridPairs} and {@code copyRows} and the C1 code of the kernels that had run so far,
 * recompiled afterwards; in LeNet, 20 methods). With several mask classes linked from the start the compilers
 * never make that assumption: C2 binds the calls by their type profiles instead, as it does anyway in the steady
 * state once the transposes have run. Double lanes are left out: their first species costs about 30 ms of class
 * initialization that float-only programs never pay otherwise, and the float and int masks already keep the
 * compilers from binding any {@code VectorMask} call to one class. Loads jdk.incubator.vector: only called when
 * {@link Kernels#simd()}.
 */
final class SimdClasses {
    private SimdClasses() {}

    /** Makes one vector and one mask of each species of float and int lanes, which links their classes. */
    static void link() {
        for (VectorShape shape : VectorShape.values()) {
            link(VectorSpecies.of(float.class, shape));
            link(VectorSpecies.of(int.class, shape));
        }
    }

    private static void link(VectorSpecies<?> species) {
        species.zero();
        species.maskAll(true);
    }
}
