package io.github.gort.internal.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The strings of one trace (wait reasons, function names, "P3"), each given a small id once; records hold the id.
 * Id 0 is the empty string. Thread-safe: any thread interns (a lookup without a lock once known); ids are
 * assigned in order under this object's lock, so that {@code at(i)} for {@code i < size()} is final.
 */
public final class TraceStrings {
    /** A longer detail is cut: the file stores strings as modified UTF-8 of at most 65,535 bytes. */
    static final int MAX_CHARS = 4096;

    private final ConcurrentHashMap<String, Integer> ids = new ConcurrentHashMap<>();
    private final List<String> byId = new ArrayList<>(List.of(""));

    /** The id of s, assigning one on first use. */
    public int id(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        Integer id = ids.get(s);
        return id != null ? id : assign(s);
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
