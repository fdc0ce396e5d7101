package io.github.gort.internal.trace;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the trace file format that {@link io.github.gort.trace.TraceReader} documents and reads: the magic, the
 * string table as it grows, the records of each buffer, the end record. Not thread-safe: one thread (the trace's
 * writer, or the thread writing a flight recording) owns an encoder.
 */
public final class TraceEncoder {
    /** The file's first eight bytes; the digit is the format's version. */
    public static final byte[] MAGIC = {'G', 'O', 'R', 'T', 'T', 'R', 'C', '1'};
    public static final int TAG_STRING = 0;
    public static final int TAG_END = 0xFF;
    private static final int KINDS = io.github.gort.trace.EventKind.values().length;

    private final DataOutputStream out;
    private final TraceStrings strings;
    private int stringsWritten = 1;                  // id 0, "", is implicit
    private long events;

    /** Writes the file header: the magic and the wall-clock time at which the trace's clock reads 0. */
    public TraceEncoder(OutputStream out, TraceStrings strings, long epochMillis) throws IOException {
        this.out = new DataOutputStream(out);
        this.strings = strings;
        this.out.write(MAGIC);
        this.out.writeLong(epochMillis);
    }

    /** Writes the string definitions not written yet, then the records of buf, oldest first. */
    public void write(TraceBuf buf) throws IOException {
        int known = strings.size();
        for (; stringsWritten < known; stringsWritten++) {
            out.writeByte(TAG_STRING);
            out.writeInt(stringsWritten);
            out.writeUTF(strings.at(stringsWritten));
        }
        for (int i = 0, n = buf.size(); i < n; i++) {
            long header = buf.word(i, 1);
            int detail = TraceBuf.detailId(header);
            if (detail >= stringsWritten || TraceBuf.kindOrdinal(header) >= KINDS) {
                continue;                            // a record torn by a racing writer (flight recorder): drop it
            }
            out.writeByte(TraceBuf.kindOrdinal(header) + 1);
            out.writeLong(buf.word(i, 0));
            out.writeInt(TraceBuf.p(header));
            out.writeLong(buf.word(i, 2));
            out.writeLong(buf.word(i, 3));
            out.writeLong(buf.word(i, 4));
            out.writeInt(detail);
            events++;
        }
    }

    /** Writes the end record (the number of events) and flushes; the stream stays open. */
    public void finish() throws IOException {
        out.writeByte(TAG_END);
        out.writeLong(events);
        out.flush();
    }

    public long events() {
        return events;
    }
}
