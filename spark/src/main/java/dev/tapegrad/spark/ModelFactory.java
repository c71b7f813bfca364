package dev.tapegrad.spark;

import dev.tapegrad.nn.Module;
import java.io.Serializable;
import java.util.function.Supplier;

/**
 * Builds a fresh model on each executor. Only this factory crosses the network, never a {@link Module}
 * (modules hold tensors and are not serializable): it must be a serializable class or a lambda of only
 * serializable captures. The values of the parameters do not matter: the driver's are copied over them
 * before every step. The model's dtype is the training dtype.
 */
@FunctionalInterface
public interface ModelFactory extends Supplier<Module>, Serializable {}
