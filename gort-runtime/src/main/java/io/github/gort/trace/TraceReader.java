package io.github.gort.trace;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an execution trace written by {@link Trace#start} or a flight recording, and returns its events in time
 * order.
 *
 * <p>The file format (version 2). {@code uvarint} is an unsigned LEB128 number (seven bits a byte, low bits
 * first, the high bit set on every byte but the last); {@code svarint} a signed one, zigzag-encoded
 * ({@code (v << 1) ^ (v >> 63)}) and then written as a uvarint:
 * <pre>
 * file    := magic epoch record* end
 * magic   := "GORTTRC2"                       8 bytes; the last is the version
 * epoch   := uvarint                          wall-clock milliseconds at which the trace's clock reads 0
 * record  := string | event
 * string  := 0x00 uvarint:id uvarint:length bytes
 *                                             defines string id (ids start at 1; 0 is ""), UTF-8, before its first use
 * event   := byte:kind+1 svarint:dnanos uvarint:p+1 svarint:m svarint:g svarint:arg uvarint:detail
 *                                             kind is {@link EventKind#ordinal()}; dnanos the time minus the time
 *                                             of the event before it in the file (0 before the first); p is -1 for
 *                                             none; detail a string id; see {@link TraceEvent} and
 *                                             {@link EventKind} for the fields
 * end     := 0xFF uvarint:events              the number of events written
 * </pre>
 * Events appear in the file buffer by buffer (one buffer per P, and one for events without a P), so they are not
 * in time order there: this reader sorts them by time, keeping each buffer's order among equal times. New event
 * kinds are only ever appended to {@link EventKind}.
 */
public final class TraceReader {
    private static final byte[] MAGIC = {'G', 'O', 'R', 'T', 'T', 'R', 'C', '2'};

    private TraceReader() {}

    /** The events of the trace file at path, in time order. */
    public static List<TraceEvent> read(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in);
        } catch (IOException e) {
            throw new IOException(path + ": " + e.getMessage(), e);
        }
    }

    /** The events of the trace in {@code in} (read to its end record; not closed), in time order. */
    public static List<TraceEvent> read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(new BufferedInputStream(in));
        byte[] magic = new byte[MAGIC.length];
        try {
            data.readFully(magic);
        } catch (EOFException e) {
            throw new IOException("not a gort execution trace: shorter than its 8-byte header");
        }
        if (!Arrays.equals(magic, MAGIC)) {
            if (Arrays.equals(Arrays.copyOf(magic, 7), Arrays.copyOf(MAGIC, 7))) {
                throw new IOException("a gort execution trace of format version " + (char) magic[7]
                        + ", which this gort (version 2) cannot read; use the gort that wrote it");
            }
            throw new IOException("not a gort execution trace (it does not start with GORTTRC2); traces come from"
                    + " Trace.start, ./gort run --trace FILE or a flight recording");
        }
        EventKind[] kinds = EventKind.values();
        Map<Integer, String> strings = new HashMap<>();
        strings.put(0, "");
        List<TraceEvent> events = new ArrayList<>();
        try {
            uvarint(data);                           // epoch: not part of the events
            long nanos = 0;
            while (true) {
                int tag = data.readUnsignedByte();
                if (tag == 0) {
                    int id = (int) uvarint(data);
                    byte[] utf8 = new byte[(int) uvarint(data)];
                    data.readFully(utf8);
                    strings.put(id, new String(utf8, StandardCharsets.UTF_8));
                } else if (tag == 0xFF) {
                    long count = uvarint(data);
                    if (count != events.size()) {
                        throw new IOException("the end record counts " + count + " events, the file holds "
                                + events.size() + ": the trace is damaged");
                    }
                    break;
                } else if (tag - 1 < kinds.length) {
                    nanos += svarint(data);
                    int p = (int) uvarint(data) - 1;
                    long m = svarint(data);
                    long g = svarint(data);
                    long arg = svarint(data);
                    int detailId = (int) uvarint(data);
                    String detail = strings.get(detailId);
                    if (detail == null) {
                        throw new IOException("event " + (events.size() + 1) + " uses string " + detailId
                                + ", which is not defined before it: the trace is damaged");
                    }
                    events.add(new TraceEvent(nanos, kinds[tag - 1], p, m, g, arg, detail));
                } else {
                    throw new IOException("unknown record tag " + tag + " after " + events.size() + " events (this gort knows"
                            + " event kinds 1.." + kinds.length + "): a trace from a newer gort, or damaged");
                }
            }
        } catch (EOFException e) {
            throw new IOException("the trace ends without its end record after " + events.size() + " events: it"
                    + " was cut short (was Trace.stop called, or did the program die?)");
        }
        events.sort(Comparator.comparingLong(TraceEvent::nanos));
        return events;
    }

    private static long uvarint(DataInputStream in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IOException("a number in the trace is longer than ten bytes: the trace is damaged");
    }

    private static long svarint(DataInputStream in) throws IOException {
        long z = uvarint(in);
        return (z >>> 1) ^ -(z & 1);
    }
}
