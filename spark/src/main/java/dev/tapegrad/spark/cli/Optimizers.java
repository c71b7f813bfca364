package dev.tapegrad.spark.cli;

import dev.tapegrad.nn.Parameter;
import dev.tapegrad.nn.optim.Adam;
import dev.tapegrad.nn.optim.AdamW;
import dev.tapegrad.nn.optim.Optimizer;
import dev.tapegrad.nn.optim.SGD;
import dev.tapegrad.spark.OptimizerFactory;
import java.util.Map;

/** The optimizers of the examples' {@code lenet}: SGD with momentum 0.9, Adam or AdamW, by name. */
record Optimizers(String name, double lr) implements OptimizerFactory {
    @Override
    public Optimizer apply(Map<String, Parameter> params) {
        return switch (name) {
            case "adam" -> new Adam(params, lr);
            case "adamw" -> new AdamW(params, lr);
            case "sgd" -> new SGD(params, lr, 0.9);
            default -> throw new IllegalArgumentException("unknown optimizer \"" + name + "\"; expected sgd, adam or adamw");
        };
    }
}
