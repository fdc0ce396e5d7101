package io.github.gort.runtime;

import io.github.gort.internal.scheduler.G;
import io.github.gort.internal.scheduler.Goroutines;
import io.github.gort.internal.scheduler.M;
import io.github.gort.internal.scheduler.Sched;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Bridges from Java's asynchronous world into goroutines: {@link #await} parks the calling goroutine (not its M)
 * until a {@link CompletionStage} completes, on whatever thread completes it. Go has no direct equivalent; it is
 * the pattern of the netpoller: something outside the scheduler readies a parked goroutine.
 *
 * <p>While a goroutine waits here it counts in {@code sched.externalWaiters}, so the deadlock check knows that
 * something outside may still wake it. The count drops only after the goroutine was readied, and its last drop runs
 * the deadlock check again (the readied goroutine may have blocked for good in between).
 */
public final class Futures {
    private Futures() {}

    /**
     * Waits for stage to complete and returns its value, parking the calling goroutine meanwhile (its M runs other
     * goroutines). Caller runs a goroutine.
     *
     * @throws CompletionException   if the stage completed exceptionally (the cause is the stage's exception)
     * @throws java.util.concurrent.CancellationException if it was cancelled
     */
    public static <T> T await(CompletionStage<T> stage) {
        M mp = Goroutines.checkPreempt(Goroutines.goroutineM("Futures.await"));
        CompletableFuture<T> cf = stage.toCompletableFuture();
        if (!cf.isDone()) {
            mp.sched.goroutines.gopark(mp, Futures::registerAfterPark, cf, "future");
        }
        return cf.join();                                   // done: never blocks
    }

    /**
     * gopark's callback: the goroutine is _Gwaiting, so the completion may ready it from now on. Returning false
     * (already done) cancels the park. Runs on the M loop.
     */
    private static boolean registerAfterPark(G gp, Object future) {
        CompletableFuture<?> cf = (CompletableFuture<?>) future;
        if (cf.isDone()) {
            return false;
        }
        Sched sched = gp.sched;
        sched.externalWaiters.incrementAndGet();
        cf.whenComplete((v, e) -> {
            sched.goroutines.goready(M.current(), gp);    // on the completing thread (or here, if it raced)
            sched.exit.externalWaiterDone();                // after the goready; the last drop re-runs checkdead
        });
        return true;
    }
}
