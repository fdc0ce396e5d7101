package io.github.gort.cli.trace;

import java.util.Map;

/**
 * The little JSON writing the trace viewer needs (gort-cli has no JSON library). Strings are escaped so that the
 * output is also safe inside an HTML {@code <script>} element: besides quote, backslash and control characters,
 * {@code <}, {@code >}, {@code &} and U+2028/U+2029 are written as {@code \}{@code uXXXX}.
 */
final class Json {
    private Json() {}

    /** Appends s as a JSON string literal, quotes included. */
    static StringBuilder string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    /** Appends a value: a String, a Long/Integer, or a Map of String to values (an object, in the map's order). */
    static StringBuilder value(StringBuilder out, Object v) {
        switch (v) {
            case String s -> string(out, s);
            case Long l -> out.append(l.longValue());
            case Integer n -> out.append(n.intValue());
            case Map<?, ?> m -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    string(out, (String) e.getKey()).append(':');
                    value(out, e.getValue());
                }
                out.append('}');
            }
            default -> throw new IllegalArgumentException("Json.value: cannot write a " + v.getClass().getName()
                    + "; pass a String, Long, Integer or Map");
        }
        return out;
    }

    /** Nanoseconds as microseconds with three decimals, the unit of Chrome's trace format ("12.345"). */
    static String micros(long nanos) {
        long abs = Math.abs(nanos);
        String frac = Long.toString(abs % 1000);
        return (nanos < 0 ? "-" : "") + abs / 1000 + "." + "000".substring(frac.length()) + frac;
    }
}
