package dev.unroll.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void parse_nestedValuesInDocumentOrder() {
    Object value = Json.parse(" {\"b\": [1, -2.5e1, true, null], \"a\": {\"x\": \"y\"}, \"c\": false} ");

    Map<?, ?> map = (Map<?, ?>) value;
    assertEquals(List.of("b", "a", "c"), List.copyOf(map.keySet()));
    assertEquals(Arrays.asList(1L, -25.0, true, null), map.get("b"));
    assertEquals(Map.of("x", "y"), map.get("a"));
    assertEquals(false, map.get("c"));
  }

  @Test
  void parse_stringEscapes() {
    assertEquals("q\"b\\s/n\nt\tu\u00e9\ud83d\ude00", Json.parse("\"q\\\"b\\\\s\\/n\\nt\\tu\\u00e9\\ud83d\\ude00\""));
  }

  @Test
  void quote_thenParse_roundTrips() {
    String text = "odd \"name\"\\\n\t\u0001 é";

    assertEquals(text, Json.parse(Json.quote(text)));
  }

  @Test
  void parse_errorsSayWhatWasExpectedWhere() {
    assertError("at offset 8: expected a value, found \"]\"", "{\"a\":[1,]}");
    assertError("at offset 8: duplicate key \"a\"", "{\"a\":1, \"a\":2}");
    assertError("at offset 5: unterminated string", "[\"abc");
    assertError("at offset 3: expected the end of the text, found \"2\"", "[1]2");
    assertError("at offset 1: expected a string key, found \"a\"", "{a:1}");
    assertError("at offset 2: expected a digit after the decimal point, found the end", "1.");
    assertError("at offset 0: integer 99999999999999999999 does not fit in 64 bits", "99999999999999999999");
    assertError("at offset 64: nested deeper than 64 levels", "[".repeat(65) + "]".repeat(65));
  }

  @Test
  void parse_null() {
    assertNull(Json.parse("null"));
  }

  private static void assertError(String message, String json) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(json));
    assertEquals(message, e.getMessage());
  }
}
