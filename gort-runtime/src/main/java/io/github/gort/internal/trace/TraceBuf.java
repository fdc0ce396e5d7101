package io.github.gort.internal.trace;

/**
 * A block of execution-trace records (Go: traceBuf): each record is {@value #WORDS} longs in {@link #words}, the
 * time, a header (kind, P, detail string), the M, the G and the argument. A buffer is either filled once and handed
 * to the writer (streaming), or reused as a ring that keeps the last {@link #capacity()} records (flight recorder).
 *
 * <pre>
 * field           writer                                          readers
 * words, count,   the one thread that may write the buffer: the   the writer thread, after the buffer was handed
 * wrapped         owner of the P it belongs to (P.tracebuf), or   over through a queue; the flight-recorder dump,
 *                 a holder of the no-P buffer's lock              after the runtime's threads ended (else racy)
 * </pre>
 * Invariant: records [0, count) are complete; in a ring that has wrapped, every slot holds a record and the
 * oldest is at {@code count}.
 */
public final class TraceBuf {
    /** longs per record: nanos, header, m, g, arg. */
    public static final int WORDS = 5;

    private final long[] words;
    private int count;
    private boolean wrapped;

    public TraceBuf(int records) {
        if (records <= 0) {
            throw new IllegalArgumentException("TraceBuf: records must be > 0, got " + records);
        }
        this.words = new long[records * WORDS];
    }

    /** The header word: kind ordinal (bits 0-7), p + 1 (bits 8-31), detail string id (bits 32-63). */
    public static long header(int kindOrdinal, int p, int detailId) {
        return (kindOrdinal & 0xFFL) | ((long) (p + 1) & 0xFF_FFFFL) << 8 | ((long) detailId) << 32;
    }

    public static int kindOrdinal(long header) {
        return (int) (header & 0xFF);
    }

    public static int p(long header) {
        return (int) ((header >>> 8) & 0xFF_FFFF) - 1;
    }

    public static int detailId(long header) {
        return (int) (header >>> 32);
    }

    /** Appends a record; returns true when the buffer is now full (a stream hands it over). */
    public boolean add(long nanos, long header, long m, long g, long arg) {
        int i = count * WORDS;
        words[i] = nanos;
        words[i + 1] = header;
        words[i + 2] = m;
        words[i + 3] = g;
        words[i + 4] = arg;
        return ++count * WORDS == words.length;
    }

    /** Appends a record, overwriting the oldest once the ring is full. */
    public void addToRing(long nanos, long header, long m, long g, long arg) {
        if (add(nanos, header, m, g, arg)) {
            count = 0;
            wrapped = true;
        }
    }

    public int capacity() {
        return words.length / WORDS;
    }

    /** The number of records held. */
    public int size() {
        return wrapped ? capacity() : count;
    }

    /** The word {@code w} of the i-th oldest record held. */
    public long word(int i, int w) {
        int slot = wrapped ? (count + i) % capacity() : i;
        return words[slot * WORDS + w];
    }

    /** Empties the buffer for reuse. */
    public void clear() {
        count = 0;
        wrapped = false;
    }
}
