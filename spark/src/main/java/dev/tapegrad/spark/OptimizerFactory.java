package dev.tapegrad.spark;

import dev.tapegrad.nn.Parameter;
import dev.tapegrad.nn.optim.Optimizer;
import java.io.Serializable;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds an optimizer over a model's named parameters: once on the driver, and (in parameter-averaging
 * mode) once per model replica on the executors. Must be serializable, like {@link ModelFactory}.
 */
@FunctionalInterface
public interface OptimizerFactory extends Function<Map<String, Parameter>, Optimizer>, Serializable {}
