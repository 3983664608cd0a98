package dev.unroll.runtime.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON the safetensors header needs, and no more: {@link #parse(String)} turns text into
 * {@code Map<String, Object>} (in document order), {@code List<Object>}, {@code String}, {@code Long} (numbers
 * without fraction or exponent), {@code Double}, {@code Boolean} or {@code null}; {@link #quote(String)}
 * writes a string literal. Strict RFC 8259: no comments, no trailing commas, no duplicate keys.
 */
final class Json {
  private static final int MAX_DEPTH = 64;

  private final String text;
  private int pos;
  private int depth;

  private Json(String text) {
    this.text = text;
  }

  /**
   * Parses one JSON value, surrounded by optional whitespace.
   *
   * @throws IllegalArgumentException saying what was expected at which character offset
   */
  static Object parse(String text) {
    Json json = new Json(text);
    Object value = json.value();
    json.skipWhitespace();
    if (json.pos < text.length()) {
      throw json.expected("the end of the text");
    }
    return value;
  }

  /** {@code s} as a JSON string literal, with quotes and escapes. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"').toString();
  }

  private Object value() {
    skipWhitespace();
    if (pos >= text.length()) {
      throw expected("a value");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{': return object();
      case '[': return array();
      case '"': return string();
      case 't': return literal("true", Boolean.TRUE);
      case 'f': return literal("false", Boolean.FALSE);
      case 'n': return literal("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw expected("a value");
    }
  }

  private Map<String, Object> object() {
    enter();
    Map<String, Object> map = new LinkedHashMap<>();
    pos++; // {
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      depth--;
      return map;
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw expected("a string key");
      }
      int keyAt = pos;
      String key = string();
      skipWhitespace();
      expect(':');
      if (map.containsKey(key)) {
        pos = keyAt;
        throw error("duplicate key " + quote(key));
      }
      map.put(key, value());
      skipWhitespace();
      if (peek() == ',') {
        pos++;
      } else {
        expect('}');
        depth--;
        return map;
      }
    }
  }

  private List<Object> array() {
    enter();
    List<Object> list = new ArrayList<>();
    pos++; // [
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      depth--;
      return list;
    }
    while (true) {
      list.add(value());
      skipWhitespace();
      if (peek() == ',') {
        pos++;
      } else {
        expect(']');
        depth--;
        return list;
      }
    }
  }

  private String string() {
    pos++; // opening quote
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        pos--;
        throw error("control character in a string; escape it");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '"': case '\\': case '/': out.append(e); break;
        case 'b': out.append('\b'); break;
        case 'f': out.append('\f'); break;
        case 'n': out.append('\n'); break;
        case 'r': out.append('\r'); break;
        case 't': out.append('\t'); break;
        case 'u': out.append(unicodeEscape()); break;
        default:
          pos--;
          throw error("invalid escape \\" + e);
      }
    }
  }

  private char unicodeEscape() {
    if (pos + 4 > text.length()) {
      throw expected("4 hex digits after \\u");
    }
    int code = 0;
    for (int i = 0; i < 4; i++) {
      int digit = Character.digit(text.charAt(pos), 16);
      if (digit < 0) {
        throw expected("4 hex digits after \\u");
      }
      code = code * 16 + digit;
      pos++;
    }
    return (char) code;
  }

  private Object number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (!digits()) {
      throw expected("a digit");
    }
    boolean integral = true;
    if (peek() == '.') {
      pos++;
      integral = false;
      if (!digits()) {
        throw expected("a digit after the decimal point");
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      integral = false;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!digits()) {
        throw expected("a digit in the exponent");
      }
    }
    String literal = text.substring(start, pos);
    if (!integral) {
      return Double.parseDouble(literal);
    }
    try {
      return Long.parseLong(literal);
    } catch (NumberFormatException e) {
      pos = start;
      throw error("integer " + literal + " does not fit in 64 bits");
    }
  }

  /** Skips a run of digits; whether there was at least one. */
  private boolean digits() {
    int start = pos;
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    return pos > start;
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, pos)) {
      throw expected("a value");
    }
    pos += word.length();
    return value;
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH + " levels");
    }
  }

  private void expect(char c) {
    if (peek() != c) {
      throw expected("'" + c + "'");
    }
    pos++;
  }

  /** The current character, or 0 at the end. */
  private char peek() {
    return pos < text.length() ? text.charAt(pos) : 0;
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

  private IllegalArgumentException expected(String what) {
    String found = pos >= text.length() ? "the end" : quote(String.valueOf(text.charAt(pos)));
    return error("expected " + what + ", found " + found);
  }

  private IllegalArgumentException error(String problem) {
    return new IllegalArgumentException("at offset " + pos + ": " + problem);
  }
}
