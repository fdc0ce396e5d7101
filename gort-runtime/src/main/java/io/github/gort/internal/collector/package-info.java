/**
 * The heap and the collector behind the API's {@code Heap} (Go: mheap.go, mcentral.go, mcache.go, mgc.go,
 * mgcmark.go, mgcsweep.go, mgcpacer.go): {@link io.github.gort.internal.collector.GcHeap} (one runtime's heap
 * state), spans and their allocator ({@link io.github.gort.internal.collector.MHeap}, {@link
 * io.github.gort.internal.collector.MSpan}, {@link io.github.gort.internal.collector.MCentral}, {@link
 * io.github.gort.internal.collector.MCache}), marking ({@link io.github.gort.internal.collector.GcMark}, roots),
 * the cycle and its pacing, sweeping and checkmark. Not exported.
 */
package io.github.gort.internal.collector;
