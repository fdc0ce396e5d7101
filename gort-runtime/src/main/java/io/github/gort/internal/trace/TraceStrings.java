package io.github.gort.internal.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The strings of one trace (wait reasons, function names, "P3"), each given a small id once; records hold the id.
 * Id 0 is the empty string. Thread-safe: any thread interns (a lookup without a lock once known; see {@link #last}); ids are
 * assigned in order under this object's lock, so that {@code at(i)} for {@code i < size()} is final.
 */
public final class TraceStrings {
    /** A longer detail is cut: the file stores strings as modified UTF-8 of at most 65,535 bytes. */
    static final int MAX_CHARS = 4096;

    private final ConcurrentHashMap<String, Integer> ids = new ConcurrentHashMap<>();
    private final List<String> byId = new ArrayList<>(List.of(""));
    /**
     * The last string looked up and its id, for the common run of one wait reason ("chan receive" on both sides
     * of a ping-pong): an identity test instead of a hash lookup. Racy by design: any thread may replace it, and
     * an Entry's final fields make whichever one a reader sees complete.
     */
    private Entry last = new Entry("", 0);

    private record Entry(String s, int id) {}

    /** The id of s, assigning one on first use. */
    public int id(String s) {
        Entry e = last;
        if (e.s == s) {
            return e.id;
        }
        if (s.isEmpty()) {
            return 0;
        }
        Integer id = ids.get(s);
        int found = id != null ? id : assign(s);
        last = new Entry(s, found);
        return found;
    }

    private synchronized int assign(String s) {
        Integer id = ids.get(s);
        if (id != null) {
            return id;
        }
        int next = byId.size();
        byId.add(s.length() > MAX_CHARS ? s.substring(0, MAX_CHARS) : s);
        ids.put(s, next);
        return next;
    }

    public synchronized int size() {
        return byId.size();
    }

    public synchronized String at(int id) {
        return byId.get(id);
    }
}
