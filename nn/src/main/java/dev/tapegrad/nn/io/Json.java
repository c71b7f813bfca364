package dev.tapegrad.nn.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deliberately small, strict JSON reader and writer for file headers (safetensors). It knows objects,
 * arrays, strings (with all JSON escapes) and integers that fit a {@code long}; nothing more: no
 * fractions, exponents, {@code true}, {@code false} or {@code null}. Objects become insertion-ordered
 * {@code Map<String,Object>}, arrays {@code List<Object>}, integers {@code Long}. Duplicate keys in an
 * object, trailing garbage and nesting deeper than {@value #MAX_DEPTH} are errors.
 *
 * <p>Why by hand rather than a JSON library: a safetensors header is an untrusted input that must be read
 * exactly, and this subset is what the format uses. A general library (Jackson, Gson, Moshi, minimal-json)
 * would be the library's only run-time dependency (Tapegrad's jars otherwise need only the JDK), would
 * accept more than the format allows (numbers as doubles, {@code null}s, by default duplicate keys: the last
 * one wins, which hides a corrupt or crafted header), and would still need this class's checks on top. The
 * strictness is the point, and ~300 lines of it are covered by hand-written cases and fuzzed by property
 * tests ({@code JsonTest}, {@code SafeTensorsPropertyTest}).
 */
final class Json {

    static final int MAX_DEPTH = 64;

    /** A syntax error; the message gives the character offset. */
    static final class ParseException extends Exception {
        ParseException(String message) {
            super(message);
        }
    }

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /** Parses one value surrounded by optional whitespace. */
    static Object parse(String text) throws ParseException {
        Json parser = new Json(text);
        parser.skipWhitespace();
        Object value = parser.value(0);
        parser.skipWhitespace();
        if (parser.pos != text.length()) {
            throw parser.error("unexpected " + parser.describeHere() + " after the end of the JSON value");
        }
        return value;
    }

    private Object value(int depth) throws ParseException {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
        if (pos >= text.length()) {
            throw error("unexpected end of JSON text");
        }
        char c = text.charAt(pos);
        if (c == '{') {
            return object(depth);
        } else if (c == '[') {
            return array(depth);
        } else if (c == '"') {
            return string();
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            return integer();
        }
        throw error("unexpected " + describeHere() + " (only objects, arrays, strings and integers are allowed)");
    }

    private Map<String, Object> object(int depth) throws ParseException {
        Map<String, Object> map = new LinkedHashMap<>();
        pos++; // '{'
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a string key but found " + describeHere());
            }
            int keyPos = pos;
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object value = value(depth + 1);
            if (map.containsKey(key)) {
                throw new ParseException("duplicate key \"" + key + "\" at offset " + keyPos);
            }
            map.put(key, value);
            skipWhitespace();
            if (peek() == ',') {
                pos++;
            } else if (peek() == '}') {
                pos++;
                return map;
            } else {
                throw error("expected ',' or '}' but found " + describeHere());
            }
        }
    }

    private List<Object> array(int depth) throws ParseException {
        List<Object> list = new ArrayList<>();
        pos++; // '['
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            skipWhitespace();
            list.add(value(depth + 1));
            skipWhitespace();
            if (peek() == ',') {
                pos++;
            } else if (peek() == ']') {
                pos++;
                return list;
            } else {
                throw error("expected ',' or ']' but found " + describeHere());
            }
        }
    }

    private String string() throws ParseException {
        int start = pos;
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw new ParseException("unterminated string starting at offset " + start);
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            } else if (c < 0x20) {
                throw new ParseException("unescaped control character 0x" + Integer.toHexString(c)
                        + " in string at offset " + (pos - 1));
            } else if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw new ParseException("unterminated string starting at offset " + start);
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> sb.append(hex4());
                default -> throw new ParseException("invalid escape '\\" + e + "' at offset " + (pos - 2));
            }
        }
    }

    private char hex4() throws ParseException {
        if (pos + 4 > text.length()) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos + i), 16);
            if (d < 0) {
                throw error("invalid \\u escape");
            }
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private Long integer() throws ParseException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        int digitsStart = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        int digits = pos - digitsStart;
        if (digits == 0) {
            throw error("expected a digit but found " + describeHere());
        }
        if (digits > 1 && text.charAt(digitsStart) == '0') {
            throw new ParseException("number with a leading zero at offset " + start);
        }
        char next = peek();
        if (next == '.' || next == 'e' || next == 'E') {
            throw error("only integers are allowed, found a fraction or exponent");
        }
        try {
            return Long.parseLong(text, start, pos, 10);
        } catch (NumberFormatException e) {
            throw new ParseException("integer out of range at offset " + start + ": " + text.substring(start, pos));
        }
    }

    private void expect(char c) throws ParseException {
        if (peek() != c) {
            throw error("expected '" + c + "' but found " + describeHere());
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private String describeHere() {
        if (pos >= text.length()) {
            return "end of text";
        }
        char c = text.charAt(pos);
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("character U+%04X", (int) c);
    }

    private ParseException error(String message) {
        return new ParseException(message + " at offset " + pos);
    }

    // ---------------------------------------------------------------- writing

    /** Writes a Map (String keys, in iteration order), List, String or integral Number, compactly. */
    static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(value, sb);
        return sb.toString();
    }

    private static void write(Object value, StringBuilder sb) {
        switch (value) {
            case Map<?, ?> map -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    writeString((String) e.getKey(), sb);
                    sb.append(':');
                    write(e.getValue(), sb);
                }
                sb.append('}');
            }
            case List<?> list -> {
                sb.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    write(list.get(i), sb);
                }
                sb.append(']');
            }
            case String s -> writeString(s, sb);
            case Long n -> sb.append(n.longValue());
            case Integer n -> sb.append(n.intValue());
            default -> throw new IllegalArgumentException("cannot write " + value + " as header JSON");
        }
    }

    private static void writeString(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
