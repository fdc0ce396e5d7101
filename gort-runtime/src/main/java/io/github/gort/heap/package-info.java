/**
 * gort's managed heap: objects with pointer slots and scalar words, allocated through per-P caches and collected
 * by a concurrent mark-sweep collector with Go 1.5's design ({@link io.github.gort.heap.Heap}, {@link
 * io.github.gort.heap.Mutator} for allocation and slot access from one goroutine, {@link io.github.gort.heap.Shape},
 * {@link io.github.gort.heap.Root}, {@link io.github.gort.heap.HeapConfig}, {@link io.github.gort.heap.HeapStats}).
 * It exists to run Go's GC protocols (per-P {@code gcWork} caches, {@code gcMarkDone}'s forEachP rounds) on real
 * work; Java objects stay on the JVM's own heap.
 */
package io.github.gort.heap;
