package io.github.gort.internal.scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * Every G struct ever allocated (Go: allgs, allglock). G structs are reused, never freed, so the list only grows,
 * up to the peak number of live goroutines.
 *
 * <p>Writers append under the list's own lock (Go's allglock); readers take a snapshot under it.
 */
final class AllGs {
    private final Object lock = new Object();   // never held across a yield: plain append and copy only
    private G[] gs = new G[64];
    private int n;

    void add(G gp) {
        synchronized (lock) {
            if (n == gs.length) {
                gs = java.util.Arrays.copyOf(gs, n * 2);
            }
            gs[n++] = gp;
        }
    }

    List<G> snapshot() {
        synchronized (lock) {
            List<G> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(gs[i]);
            }
            return out;
        }
    }

}
