package dev.tapegrad.autograd;

import java.util.Optional;

/**
 * The user's line that applied an op: the first stack frame outside the library, i.e. outside
 * {@code dev.tapegrad} (the bundled examples, {@code dev.tapegrad.examples}, count as user code) and
 * outside the JDK's own frames (streams, lambdas' plumbing). Captured at forward time only while
 * {@link Anomaly} or {@link GradCheck#localize} asks for it: a stack walk costs microseconds.
 */
final class CallSite {
    private static final StackWalker WALKER = StackWalker.getInstance();

    private final StackWalker.StackFrame frame;

    private CallSite(StackWalker.StackFrame frame) {
        this.frame = frame;
    }

    /** The caller's frame, or null when the whole stack is library code. */
    static CallSite capture() {
        Optional<StackWalker.StackFrame> f = WALKER.walk(s -> s.filter(CallSite::isUserFrame).findFirst());
        return f.map(CallSite::new).orElse(null);
    }

    private static boolean isUserFrame(StackWalker.StackFrame f) {
        String c = f.getClassName();
        if (c.startsWith("dev.tapegrad.")) {
            return c.startsWith("dev.tapegrad.examples.");
        }
        return !(c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun."));
    }

    /** "Model.java:42". */
    @Override
    public String toString() {
        String file = frame.getFileName();
        int line = frame.getLineNumber();
        return (file != null ? file : frame.getClassName()) + (line >= 0 ? ":" + line : "");
    }

    /** "Model.forward at Model.java:42", for reports with room for the method. */
    String describe() {
        String cls = frame.getClassName();
        String method = frame.getMethodName();
        if (method.startsWith("lambda$")) {          // lambda$main$2: a lambda written in main
            int end = method.indexOf('$', 7);
            method = (end > 7 ? method.substring(7, end) : method.substring(7)) + " (lambda)";
        }
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + method + " at " + this;
    }
}
