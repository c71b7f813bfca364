package dev.tapegrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossChartTest {

    @TempDir
    Path dir;

    @Test
    void writesPngWithBothSeries() throws IOException {
        Path png = dir.resolve("chart.png");
        Files.writeString(png, "old content");
        double[] loss = {2.3, 1.1, 0.8, 0.65, 0.58, 0.52, 0.49, 0.47};
        double[] accuracy = {0.55, 0.71, 0.76, 0.79, 0.81, 0.82, 0.83, 0.835};
        LossChart.write(png, loss, accuracy);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(LossChart.WIDTH, image.getWidth());
        assertEquals(LossChart.HEIGHT, image.getHeight());
        assertTrue(countColor(image, 0x1f77b4) > 300, "loss line missing");
        assertTrue(countColor(image, 0xd62728) > 300, "accuracy line missing");
    }

    @Test
    void toleratesEmptyUnequalAndNonFiniteSeries() throws IOException {
        LossChart.write(dir.resolve("empty.png"), new double[0], new double[0]);
        LossChart.write(dir.resolve("one.png"), new double[] {0.7}, new double[0]);
        LossChart.write(dir.resolve("nan.png"), new double[] {1, Double.NaN, 0.5, Double.POSITIVE_INFINITY}, new double[] {0.5});
        assertTrue(ImageIO.read(dir.resolve("nan.png").toFile()) != null);
    }

    @Test
    void niceCeilingRoundsUpToOneTwoFiveSteps() {
        assertEquals(1.0, LossChart.niceCeiling(0));
        assertEquals(2.5, LossChart.niceCeiling(2.3));
        assertEquals(0.5, LossChart.niceCeiling(0.47));
        assertEquals(100.0, LossChart.niceCeiling(51));
        assertEquals(1.0, LossChart.niceCeiling(1.0));
    }

    private static int countColor(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}
