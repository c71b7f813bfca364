package dev.tapegrad.examples;

import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Module;
import dev.tapegrad.nn.init.Init;
import dev.tapegrad.nn.layers.BatchNorm2d;
import dev.tapegrad.nn.layers.Conv2d;
import dev.tapegrad.nn.layers.Linear;
import dev.tapegrad.ops.Ops;

/**
 * The small ResNet of issue 11 for 1×28×28 images, as {@code SmallResNet} of examples/python/resnet.py (same
 * state-dict names): a 3×3 stem of 16 channels (conv, BatchNorm, ReLU), three basic residual blocks of 16,
 * 32 and 64 channels (the last two with stride 2 and a 1×1 conv + BatchNorm shortcut), adaptive average
 * pooling to 1×1 and a linear head. Convolutions inside the network have no bias, as in torchvision.
 */
public final class SmallResNet extends Module {
    private final Conv2d conv1 = registerModule("conv1", conv(1, 16, 3, 1));
    private final BatchNorm2d bn1 = registerModule("bn1", new BatchNorm2d(16));
    private final Block layer1 = registerModule("layer1", new Block(16, 16, 1));
    private final Block layer2 = registerModule("layer2", new Block(16, 32, 2));
    private final Block layer3 = registerModule("layer3", new Block(32, 64, 2));
    private final Linear fc;

    public SmallResNet(int classes) {
        fc = registerModule("fc", new Linear(64, classes));
    }

    @Override
    public Tensor forward(Tensor x) {
        x = Ops.relu(bn1.forward(conv1.forward(x)));
        x = layer3.forward(layer2.forward(layer1.forward(x)));
        return fc.forward(Ops.flatten(Ops.adaptiveAvgPool2d(x, 1, 1), 1));
    }

    /** A bias-free k×k convolution with padding k/2. */
    static Conv2d conv(int in, int out, int k, int stride) {
        int[] kk = {k, k};
        int[] s = {stride, stride};
        int[] p = {k / 2, k / 2};
        return new Conv2d(in, out, kk, s, p, new int[] {1, 1}, 1, false, Init.generator());
    }

    /** relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)), the shortcut a 1×1 conv + BatchNorm when the shape changes. */
    static final class Block extends Module {
        private final Conv2d conv1;
        private final BatchNorm2d bn1;
        private final Conv2d conv2;
        private final BatchNorm2d bn2;
        private final Conv2d downConv;
        private final BatchNorm2d downBn;

        Block(int in, int out, int stride) {
            conv1 = registerModule("conv1", conv(in, out, 3, stride));
            bn1 = registerModule("bn1", new BatchNorm2d(out));
            conv2 = registerModule("conv2", conv(out, out, 3, 1));
            bn2 = registerModule("bn2", new BatchNorm2d(out));
            boolean down = stride != 1 || in != out;
            downConv = down ? registerModule("down_conv", conv(in, out, 1, stride)) : null;
            downBn = down ? registerModule("down_bn", new BatchNorm2d(out)) : null;
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor y = Ops.relu(bn1.forward(conv1.forward(x)));
            y = bn2.forward(conv2.forward(y));
            Tensor shortcut = downConv == null ? x : downBn.forward(downConv.forward(x));
            return Ops.relu(Ops.add(y, shortcut));
        }
    }
}
