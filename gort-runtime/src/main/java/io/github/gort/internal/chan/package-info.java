/**
 * Goroutines waiting for each other through sudogs (Go: chan.go, select.go, sema.go, notifyList in sema.go):
 * channels ({@link io.github.gort.internal.chan.HChan}, with its wait queues {@link
 * io.github.gort.internal.chan.WaitQ}), select's run state ({@link io.github.gort.internal.chan.SelectImpl}), the
 * semaphore behind sync.Mutex, RWMutex and WaitGroup ({@link io.github.gort.internal.chan.Sema}) and the ticket list
 * behind sync.Cond ({@link io.github.gort.internal.chan.NotifyList}). Not exported: the API's {@code Chan} and
 * {@code Select} and the {@code sync} package are the way in.
 */
package io.github.gort.internal.chan;
