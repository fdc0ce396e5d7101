package io.github.gort.trace;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * <p>The file format (version 1; all numbers big-endian, as {@link java.io.DataOutputStream} writes them):
 * <pre>
 * file    := magic epoch record* end
 * magic   := "GORTTRC1"                       8 bytes; the last is the version
 * epoch   := long                             wall-clock milliseconds at which the trace's clock reads 0
 * record  := string | event
 * string  := 0x00 int:id utf:text             defines string id (ids start at 1; 0 is ""), before its first use
 * event   := byte:kind+1 long:nanos int:p long:m long:g long:arg int:detail
 *                                             kind is {@link EventKind#ordinal()}; detail a string id;
 *                                             see {@link TraceEvent} and {@link EventKind} for the fields
 * end     := 0xFF long:events                 the number of events written
 * </pre>
 * Events appear in the file buffer by buffer (one buffer per P, and one for events without a P), so they are not
 * in time order there: this reader sorts them by time, keeping each buffer's order among equal times. New event
 * kinds are only ever appended to {@link EventKind}.
 */
public final class TraceReader {
    private static final byte[] MAGIC = {'G', 'O', 'R', 'T', 'T', 'R', 'C', '1'};

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
                        + ", which this gort (version 1) cannot read; use the gort that wrote it");
            }
            throw new IOException("not a gort execution trace (it does not start with GORTTRC1); traces come from"
                    + " Trace.start, ./gort run --trace FILE or a flight recording");
        }
        EventKind[] kinds = EventKind.values();
        Map<Integer, String> strings = new HashMap<>();
        strings.put(0, "");
        List<TraceEvent> events = new ArrayList<>();
        try {
            data.readLong();                         // epoch: not part of the events
            while (true) {
                int tag = data.readUnsignedByte();
                if (tag == 0) {
                    strings.put(data.readInt(), data.readUTF());
                } else if (tag == 0xFF) {
                    long count = data.readLong();
                    if (count != events.size()) {
                        throw new IOException("the end record counts " + count + " events, the file holds "
                                + events.size() + ": the trace is damaged");
                    }
                    break;
                } else if (tag - 1 < kinds.length) {
                    long nanos = data.readLong();
                    int p = data.readInt();
                    long m = data.readLong();
                    long g = data.readLong();
                    long arg = data.readLong();
                    int detailId = data.readInt();
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
}
