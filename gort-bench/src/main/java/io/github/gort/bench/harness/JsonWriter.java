package io.github.gort.bench.harness;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * A small streaming JSON writer with two-space indentation, enough for the results file; no dependency.
 *
 * <p>Calls must nest properly ({@code beginObject}/{@code name}/value/{@code endObject}); a misuse throws
 * IllegalStateException naming the call, since it is a bug in the caller.
 */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    /** One entry per open container: true until its first element is written. */
    private final Deque<Boolean> empty = new ArrayDeque<>();
    /** One entry per open container: true for objects. */
    private final Deque<Boolean> isObject = new ArrayDeque<>();
    private boolean nameWritten;

    /** Opens an object. */
    public JsonWriter beginObject() {
        beforeValue("beginObject");
        out.append('{');
        empty.push(true);
        isObject.push(true);
        return this;
    }

    /** Closes the innermost object. */
    public JsonWriter endObject() {
        return end("endObject", '}', true);
    }

    /** Opens an array. */
    public JsonWriter beginArray() {
        beforeValue("beginArray");
        out.append('[');
        empty.push(true);
        isObject.push(false);
        return this;
    }

    /** Closes the innermost array. */
    public JsonWriter endArray() {
        return end("endArray", ']', false);
    }

    /** Writes the name of the next member of the innermost object. */
    public JsonWriter name(String name) {
        if (isObject.isEmpty() || !isObject.peek() || nameWritten) {
            throw new IllegalStateException("JsonWriter.name(" + name + "): not inside an object, or a name is pending");
        }
        separate();
        string(name);
        out.append(": ");
        nameWritten = true;
        return this;
    }

    /** Writes a string, or null. */
    public JsonWriter value(String s) {
        beforeValue("value");
        if (s == null) {
            out.append("null");
        } else {
            string(s);
        }
        return this;
    }

    /** Writes a number; NaN and infinities, which JSON lacks, become null. */
    public JsonWriter value(double d) {
        beforeValue("value");
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            out.append("null");
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            out.append((long) d);
        } else {
            out.append(String.format(Locale.ROOT, "%s", d));
        }
        return this;
    }

    /** Writes an integer. */
    public JsonWriter value(long l) {
        beforeValue("value");
        out.append(l);
        return this;
    }

    /** Writes true or false. */
    public JsonWriter value(boolean v) {
        beforeValue("value");
        out.append(v);
        return this;
    }

    /** Writes null. */
    public JsonWriter nullValue() {
        beforeValue("nullValue");
        out.append("null");
        return this;
    }

    /** The document; throws IllegalStateException while a container is open. */
    @Override
    public String toString() {
        if (!empty.isEmpty()) {
            throw new IllegalStateException("JsonWriter.toString: " + empty.size() + " container(s) still open");
        }
        return out.append('\n').toString();
    }

    private void beforeValue(String call) {
        if (isObject.isEmpty()) {
            if (!out.isEmpty()) {
                throw new IllegalStateException("JsonWriter." + call + ": the document already has its value");
            }
            return;
        }
        if (isObject.peek()) {
            if (!nameWritten) {
                throw new IllegalStateException("JsonWriter." + call + ": inside an object, call name() first");
            }
            nameWritten = false;
            return;
        }
        separate();
    }

    private void separate() {
        if (!empty.peek()) {
            out.append(',');
        }
        empty.pop();
        empty.push(false);
        newline(empty.size());
    }

    private JsonWriter end(String call, char close, boolean object) {
        if (isObject.isEmpty() || isObject.peek() != object || nameWritten) {
            throw new IllegalStateException("JsonWriter." + call + ": nothing of that kind is open");
        }
        boolean wasEmpty = empty.pop();
        isObject.pop();
        if (!wasEmpty) {
            newline(empty.size());
        }
        out.append(close);
        return this;
    }

    private void newline(int depth) {
        out.append('\n').append("  ".repeat(depth));
    }

    private void string(String s) {
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
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
