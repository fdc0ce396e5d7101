package io.github.gort.internal.trace;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the trace file format that {@link io.github.gort.trace.TraceReader} documents and reads: the magic, the
 * string table as it grows, the records of each buffer, the end record. Numbers are varints (LEB128; signed ones
 * zigzag-encoded) and an event's time is the difference from the previous event's, so that a typical event takes
 * about ten bytes (Go's format is varint-encoded too). A buffer is encoded into one byte array and written with one
 * call. Not thread-safe: one thread (the trace's writer, or the thread writing a flight recording) owns an encoder.
 */
public final class TraceEncoder {
    /** The file's first eight bytes; the digit is the format's version. */
    public static final byte[] MAGIC = {'G', 'O', 'R', 'T', 'T', 'R', 'C', '2'};
    public static final int TAG_STRING = 0;
    public static final int TAG_END = 0xFF;
    private static final int KINDS = io.github.gort.trace.EventKind.values().length;
    /** The most bytes one event takes: the tag and six varints of at most ten bytes. */
    private static final int MAX_EVENT_BYTES = 1 + 6 * 10;

    private final OutputStream out;
    private final TraceStrings strings;
    private int stringsWritten = 1;                  // id 0, "", is implicit
    private long events;
    private long lastNanos;
    private byte[] bytes = new byte[1 << 16];
    private int n;

    /** Writes the file header: the magic and the wall-clock time at which the trace's clock reads 0. */
    public TraceEncoder(OutputStream out, TraceStrings strings, long epochMillis) throws IOException {
        this.out = out;
        this.strings = strings;
        room(MAGIC.length + 10);
        System.arraycopy(MAGIC, 0, bytes, 0, MAGIC.length);
        n = MAGIC.length;
        uvarint(epochMillis);
        flushBytes();
    }

    /** Writes the string definitions not written yet, then the records of buf, oldest first. */
    public void write(TraceBuf buf) throws IOException {
        int known = strings.size();
        for (; stringsWritten < known; stringsWritten++) {
            byte[] utf8 = strings.at(stringsWritten).getBytes(StandardCharsets.UTF_8);
            room(1 + 10 + 10 + utf8.length);
            bytes[n++] = TAG_STRING;
            uvarint(stringsWritten);
            uvarint(utf8.length);
            System.arraycopy(utf8, 0, bytes, n, utf8.length);
            n += utf8.length;
        }
        int size = buf.size();
        room(size * MAX_EVENT_BYTES);
        for (int i = 0; i < size; i++) {
            long header = buf.word(i, 1);
            int detail = TraceBuf.detailId(header);
            if (detail >= stringsWritten || TraceBuf.kindOrdinal(header) >= KINDS) {
                continue;                            // a record torn by a racing writer (flight recorder): drop it
            }
            long nanos = buf.word(i, 0);
            bytes[n++] = (byte) (TraceBuf.kindOrdinal(header) + 1);
            svarint(nanos - lastNanos);
            lastNanos = nanos;
            uvarint(TraceBuf.p(header) + 1L);
            svarint(buf.word(i, 2));
            svarint(buf.word(i, 3));
            svarint(buf.word(i, 4));
            uvarint(detail);
            events++;
        }
        flushBytes();
    }

    /** Writes the end record (the number of events) and flushes; the stream stays open. */
    public void finish() throws IOException {
        room(11);
        bytes[n++] = (byte) TAG_END;
        uvarint(events);
        flushBytes();
        out.flush();
    }

    public long events() {
        return events;
    }

    private void room(int more) {
        if (n + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, n + more));
        }
    }

    private void flushBytes() throws IOException {
        out.write(bytes, 0, n);
        n = 0;
    }

    private void uvarint(long v) {
        while ((v & ~0x7FL) != 0) {
            bytes[n++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[n++] = (byte) v;
    }

    private void svarint(long v) {
        uvarint((v << 1) ^ (v >> 63));
    }
}
