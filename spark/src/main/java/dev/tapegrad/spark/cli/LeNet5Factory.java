package dev.tapegrad.spark.cli;

import dev.tapegrad.nn.Module;
import dev.tapegrad.nn.init.Init;
import dev.tapegrad.nn.models.LeNet5;
import dev.tapegrad.spark.ModelFactory;

/** Builds a {@link LeNet5} initialised from {@code Init.manualSeed(seed)}, on the driver or an executor. */
record LeNet5Factory(int classes, long seed) implements ModelFactory {
    @Override
    public Module get() {
        Init.manualSeed(seed);
        return new LeNet5(classes);
    }
}
