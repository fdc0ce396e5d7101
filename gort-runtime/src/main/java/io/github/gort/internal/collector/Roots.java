package io.github.gort.internal.collector;

import io.github.gort.heap.Root;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The collector's roots (Go: the data and bss segments plus goroutine stacks, which markroot scans). Java stacks
 * cannot be scanned, so a goroutine's live object ids must sit in its root scope ({@link RootScope}, kept by the API's
 * Mutator) whenever it reaches a
 * safe point; global roots are {@link Root} cells.
 *
 * <pre>
 * field     writer                          readers                       mode
 * globals   Heap.newRoot (any goroutine)    markers, checkmark            copy-on-write list
 * scopes    Heap.mutator / Mutator.close    markers, checkmark            concurrent set
 * </pre>
 */
public final class Roots {
    public final CopyOnWriteArrayList<Root> globals = new CopyOnWriteArrayList<>();
    public final Set<RootScope> scopes = ConcurrentHashMap.newKeySet();
}
