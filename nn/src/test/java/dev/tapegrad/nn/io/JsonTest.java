package dev.tapegrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesObjectsArraysStringsAndIntegersInOrder() throws Exception {
        Object v = Json.parse(" {\"b\": [1, -2, 0, 9223372036854775807], \"a\": {\"s\": \"x\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"}, \"e\": {}, \"l\": []}  ");
        Map<?, ?> map = (Map<?, ?>) v;
        assertEquals(List.of("b", "a", "e", "l"), List.copyOf(map.keySet()));
        assertEquals(List.of(1L, -2L, 0L, Long.MAX_VALUE), map.get("b"));
        assertEquals("x\"\\/\b\f\n\r\té\uD83D\uDE00", ((Map<?, ?>) map.get("a")).get("s"));
    }

    @Test
    void rejectsEverythingOutsideTheSubset() {
        for (String bad : List.of("", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "1.5", "1e3", "true", "null",
                "01", "-", "\"abc", "\"a\\x\"", "\"a\u0001\"", "{} x", "{\"a\":1}{}", "{a:1}",
                "99999999999999999999", "\"\\u12\"", "'a'")) {
            Json.ParseException e = assertThrows(Json.ParseException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().contains("offset") || e.getMessage().contains("end"), e.getMessage());
        }
    }

    @Test
    void rejectsDuplicateKeysAndDeepNesting() {
        Json.ParseException dup = assertThrows(Json.ParseException.class, () -> Json.parse("{\"w\":1,\"w\":2}"));
        assertTrue(dup.getMessage().contains("duplicate key \"w\""), dup.getMessage());
        String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);
        Json.ParseException e = assertThrows(Json.ParseException.class, () -> Json.parse(deep));
        assertTrue(e.getMessage().contains("nesting"), e.getMessage());
    }

    @Property(tries = 200)
    void writeThenParseIsIdentity(@ForAll String key, @ForAll String value, @ForAll long n) throws Exception {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put(value, List.of(n, value));
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key, inner);
        map.put(key + "2", List.of());
        assertEquals(map, Json.parse(Json.write(map)));
    }
}
