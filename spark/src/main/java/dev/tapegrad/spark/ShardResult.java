package dev.tapegrad.spark;

import java.io.Serial;
import java.io.Serializable;

/**
 * What one task sends back: in exact mode its shard's contribution to the global batch's gradient; in
 * averaging mode its replica's parameters and optimizer state after its local steps. Plus the sum of its
 * examples' losses, how many it classified right, and how many it saw.
 *
 * @param tensors the gradient (exact) or the parameters (averaging); null when the shard had no example
 * @param optimizerState averaging mode only, else null
 */
public record ShardResult(int partition, FlatTensors tensors, FlatTensors optimizerState, double lossSum,
        int correct, int count) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
}
