package dev.tapegrad.nn.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} command-line flags of a Tapegrad program (the examples and the Spark launcher). A flag
 * listed as optional-valued may appear bare (e.g. {@code --data} alone). Unknown flags, missing values and
 * malformed numbers are reported as {@link IllegalArgumentException}s naming the flag, which the programs turn
 * into a usage message.
 */
public final class Flags {
    private final Map<String, String> values = new HashMap<>();

    /** A value standing for a flag given without one. */
    public static final String BARE = "";

    /** Whether the user asked for the usage ({@code --help} or {@code -h} anywhere on the line). */
    public static boolean helpAsked(String[] args) {
        return List.of(args).contains("--help") || List.of(args).contains("-h");
    }

    /**
     * Parses {@code args}, which may only name flags in {@code known}; those in {@code bareAllowed} may come
     * without a value (then {@link #string} gives {@link #BARE}).
     */
    public Flags(String[] args, Set<String> known, Set<String> bareAllowed) {
        List<String> list = List.of(args);
        for (int i = 0; i < list.size(); i++) {
            String a = list.get(i);
            if (!a.startsWith("--") || !known.contains(a.substring(2))) {
                throw new IllegalArgumentException("unknown argument \"" + a + "\"");
            }
            String name = a.substring(2);
            boolean hasValue = i + 1 < list.size() && !list.get(i + 1).startsWith("--");
            if (hasValue) {
                values.put(name, list.get(++i));
            } else if (bareAllowed.contains(name)) {
                values.put(name, BARE);
            } else {
                throw new IllegalArgumentException("flag --" + name + " needs a value");
            }
        }
    }

    /** Whether the flag was given. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The flag's value, or {@code fallback} when it was not given. */
    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** The flag's whole-number value, at least {@code min}, or {@code fallback} when it was not given. */
    public int integer(String name, int fallback, int min) {
        if (!has(name)) {
            return fallback;
        }
        int v;
        try {
            v = Integer.parseInt(values.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " expects a whole number, got \"" + values.get(name) + "\"");
        }
        if (v < min) {
            throw new IllegalArgumentException("--" + name + " must be at least " + min + ", got " + v);
        }
        return v;
    }

    /** The flag's long value, or {@code fallback} when it was not given. */
    public long longValue(String name, long fallback) {
        try {
            return has(name) ? Long.parseLong(values.get(name)) : fallback;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " expects a whole number, got \"" + values.get(name) + "\"");
        }
    }

    /** The flag's positive, finite value, or {@code fallback} when it was not given. */
    public double positive(String name, double fallback) {
        if (!has(name)) {
            return fallback;
        }
        double v;
        try {
            v = Double.parseDouble(values.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " expects a number, got \"" + values.get(name) + "\"");
        }
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("--" + name + " must be a positive number, got " + v);
        }
        return v;
    }
}
