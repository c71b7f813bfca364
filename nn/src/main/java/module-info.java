/** Modules, layers, losses, initialisation, optimizers, schedules, checkpoints and data loading. */
module dev.tapegrad.nn {
    requires transitive dev.tapegrad.ops;

    exports dev.tapegrad.nn;
    exports dev.tapegrad.nn.cli;
    exports dev.tapegrad.nn.data;
    exports dev.tapegrad.nn.init;
    exports dev.tapegrad.nn.io;
    exports dev.tapegrad.nn.layers;
    exports dev.tapegrad.nn.loss;
    exports dev.tapegrad.nn.models;
    exports dev.tapegrad.nn.optim;
}
