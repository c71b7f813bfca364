package dev.tapegrad.autograd;

/**
 * Thrown while {@link Anomaly} detection is on by the first op whose forward output holds a NaN or whose
 * vjp returns a NaN or an infinity. The message names the op, the phase, the input shapes and the call
 * site; the parts are also available separately.
 */
public final class AnomalyException extends RuntimeException {
    private final String opName;
    private final String phase;
    private final String callSite;

    AnomalyException(String opName, String phase, String callSite, String message) {
        super(message);
        this.opName = opName;
        this.phase = phase;
        this.callSite = callSite;
    }

    /** The failing op's {@link Op#name()}. */
    public String opName() {
        return opName;
    }

    /** "forward" or "backward". */
    public String phase() {
        return phase;
    }

    /** Where the op was applied, e.g. "Model.java:42", or null when unknown. */
    public String callSite() {
        return callSite;
    }
}
