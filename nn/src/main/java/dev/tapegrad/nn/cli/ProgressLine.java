package dev.tapegrad.nn.cli;

import java.util.Locale;

/**
 * A training program's live progress line on the terminal: epoch, batch, loss, accuracy, images per second and
 * the time left in the epoch, redrawn in place at most 5 times a second. Draws nothing when the program has no
 * console (output piped or redirected), so logs stay clean.
 */
public final class ProgressLine {
    private final boolean live = System.console() != null;
    private final int epochs;
    private final int batchesPerEpoch;
    private long lastDraw;
    private int width;

    /** A line for {@code epochs} epochs of {@code batchesPerEpoch} steps each. */
    public ProgressLine(int epochs, int batchesPerEpoch) {
        this.epochs = epochs;
        this.batchesPerEpoch = batchesPerEpoch;
    }

    /**
     * Redraws the line after step {@code batch} (1-based) of epoch {@code epoch} (0-based), with the epoch's running
     * loss and accuracy, its {@code images} so far and the {@code nanos} they took; skipped when the last redraw is
     * under 200 ms old, except at the epoch's last step.
     */
    public void update(int epoch, int batch, double loss, double accuracy, int images, long nanos) {
        long now = System.nanoTime();
        if (!live || (now - lastDraw < 200_000_000L && batch < batchesPerEpoch)) {
            return;
        }
        lastDraw = now;
        double perSecond = images / (nanos / 1e9);
        long eta = Math.round((double) nanos / batch * (batchesPerEpoch - batch) / 1e9);
        String line = String.format(Locale.ROOT, "epoch %d/%d  batch %d/%d  loss %.4f  acc %.4f  %.0f img/s  "
                + "ETA %d:%02d", epoch + 1, epochs, batch, batchesPerEpoch, loss, accuracy, perSecond, eta / 60,
                eta % 60);
        System.err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
        System.err.flush();
        width = line.length();
    }

    /** Erases the line, so that what is printed next starts on a clean line. */
    public void clear() {
        if (live && width > 0) {
            System.err.print("\r" + " ".repeat(width) + "\r");
            System.err.flush();
            width = 0;
        }
    }
}
