/**
 * The GC's lock-free work queues (Go: mgcwork.go, lfstack.go): a P's {@link io.github.gort.internal.gcwork.GcWork}
 * cache of two workbufs, the shared full and empty lists ({@link io.github.gort.internal.gcwork.WorkbufLists}) of
 * {@link io.github.gort.internal.gcwork.Workbuf}s on a Treiber stack with ABA counts ({@link
 * io.github.gort.internal.gcwork.LfStack}), and the buffers' allocation ({@link
 * io.github.gort.internal.gcwork.WorkbufPool}). The rule of golang/go#11640 is about these: a P's gcWork is used
 * only by the P's owner, and a workbuf on a list is never written. Not exported (the benchmarks module measures it).
 */
package io.github.gort.internal.gcwork;
