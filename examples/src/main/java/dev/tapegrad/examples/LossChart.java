package dev.tapegrad.examples;

import dev.tapegrad.nn.io.AtomicWrite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * A PNG chart of a training run: training loss per epoch on the left axis and test accuracy per epoch
 * (as a percentage) on the right axis, with ticks, labels, a title and a legend. Epochs are numbered
 * from 1. Non-finite values are left out of the lines. Drawn with Java2D, headless.
 */
public final class LossChart {

    static final int WIDTH = 900;
    static final int HEIGHT = 540;
    private static final int LEFT = 80;
    private static final int RIGHT = 80;
    private static final int TOP = 60;
    private static final int BOTTOM = 110;
    private static final Color LOSS_COLOR = new Color(0x1f, 0x77, 0xb4);
    private static final Color ACCURACY_COLOR = new Color(0xd6, 0x27, 0x28);

    private LossChart() {}

    /**
     * Writes the chart to {@code png} atomically. {@code testAccuracy} holds fractions in [0, 1]; the
     * two arrays may differ in length (each series has its own number of epochs).
     */
    public static void write(Path png, double[] trainLoss, double[] testAccuracy) throws IOException {
        Objects.requireNonNull(png, "png");
        BufferedImage image = render(trainLoss, testAccuracy);
        AtomicWrite.write(png, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available in javax.imageio");
            }
        });
    }

    /** Draws the chart into a new RGB image. */
    static BufferedImage render(double[] trainLoss, double[] testAccuracy) {
        Objects.requireNonNull(trainLoss, "trainLoss");
        Objects.requireNonNull(testAccuracy, "testAccuracy");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            draw(g, trainLoss, testAccuracy);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void draw(Graphics2D g, double[] loss, double[] accuracy) {
        int x0 = LEFT;
        int x1 = WIDTH - RIGHT;
        int y0 = HEIGHT - BOTTOM;
        int y1 = TOP;
        int epochs = Math.max(1, Math.max(loss.length, accuracy.length));
        double lossMax = niceCeiling(maxFinite(loss));

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.setColor(Color.BLACK);
        centered(g, "Training loss and test accuracy", (x0 + x1) / 2, 32);

        // Grid and y ticks: 5 intervals on both axes.
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i <= 5; i++) {
            int y = y0 - (y0 - y1) * i / 5;
            g.setColor(new Color(0xe6, 0xe6, 0xe6));
            g.drawLine(x0, y, x1, y);
            g.setColor(LOSS_COLOR);
            String left = format(lossMax * i / 5);
            g.drawString(left, x0 - 8 - fm.stringWidth(left), y + fm.getAscent() / 2 - 1);
            g.setColor(ACCURACY_COLOR);
            g.drawString((i * 20) + "%", x1 + 8, y + fm.getAscent() / 2 - 1);
        }
        // x ticks: at most about 10 labelled epochs.
        int step = Math.max(1, (int) Math.ceil(epochs / 10.0));
        g.setColor(Color.BLACK);
        for (int e = 1; e <= epochs; e += step) {
            int x = xOf(e, epochs, x0, x1);
            g.drawLine(x, y0, x, y0 + 5);
            centered(g, Integer.toString(e), x, y0 + 8 + fm.getAscent());
        }
        g.drawRect(x0, y1, x1 - x0, y0 - y1);

        // Axis titles.
        centered(g, "epoch", (x0 + x1) / 2, y0 + 40);
        rotated(g, "training loss", 22, (y0 + y1) / 2, LOSS_COLOR, -Math.PI / 2);
        rotated(g, "test accuracy", WIDTH - 22, (y0 + y1) / 2, ACCURACY_COLOR, Math.PI / 2);

        // Series.
        series(g, loss, epochs, lossMax, x0, x1, y0, y1, LOSS_COLOR);
        series(g, accuracy, epochs, 1.0, x0, x1, y0, y1, ACCURACY_COLOR);

        // Legend below the plot.
        int ly = y0 + 75;
        legend(g, "training loss", LOSS_COLOR, (x0 + x1) / 2 - 170, ly);
        legend(g, "test accuracy", ACCURACY_COLOR, (x0 + x1) / 2 + 30, ly);
    }

    private static void series(Graphics2D g, double[] values, int epochs, double max,
            int x0, int x1, int y0, int y1, Color color) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D.Double line = new Path2D.Double();
        boolean pen = false;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                pen = false;
                continue;
            }
            double x = xOf(i + 1, epochs, x0, x1);
            double clamped = Math.max(0, Math.min(max, values[i]));
            double y = y0 - (y0 - y1) * clamped / max;
            if (pen) {
                line.lineTo(x, y);
            } else {
                line.moveTo(x, y);
            }
            pen = true;
            g.fillOval((int) Math.round(x) - 3, (int) Math.round(y) - 3, 6, 6);
        }
        g.draw(line);
        g.setStroke(new BasicStroke(1f));
    }

    private static void legend(Graphics2D g, String label, Color color, int x, int y) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2.2f));
        g.drawLine(x, y, x + 30, y);
        g.fillOval(x + 12, y - 3, 6, 6);
        g.setStroke(new BasicStroke(1f));
        g.setColor(Color.BLACK);
        g.drawString(label, x + 38, y + g.getFontMetrics().getAscent() / 2 - 1);
    }

    private static int xOf(int epoch, int epochs, int x0, int x1) {
        if (epochs == 1) {
            return (x0 + x1) / 2;
        }
        int pad = 20;
        return x0 + pad + (x1 - x0 - 2 * pad) * (epoch - 1) / (epochs - 1);
    }

    private static void centered(Graphics2D g, String text, int x, int baseline) {
        g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, baseline);
    }

    private static void rotated(Graphics2D g, String text, int x, int y, Color color, double angle) {
        Graphics2D r = (Graphics2D) g.create();
        try {
            r.setColor(color);
            r.translate(x, y);
            r.rotate(angle);
            r.drawString(text, -r.getFontMetrics().stringWidth(text) / 2, r.getFontMetrics().getAscent() / 2);
        } finally {
            r.dispose();
        }
    }

    private static double maxFinite(double[] values) {
        double max = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                max = Math.max(max, v);
            }
        }
        return max;
    }

    /** The smallest of 1, 2, 2.5, 5 times a power of ten that is at least {@code v} (1 for v <= 0). */
    static double niceCeiling(double v) {
        if (!(v > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String format(double v) {
        String s = String.format(Locale.ROOT, "%.3f", v);
        s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        return s;
    }
}
