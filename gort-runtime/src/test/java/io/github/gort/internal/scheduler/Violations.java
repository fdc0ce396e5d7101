package io.github.gort.internal.scheduler;

import io.github.gort.runtime.FatalError;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Broken runtime invariants seen by a model's actors. Models report them from {@code @Validate} rather than as
 * operation results: Lincheck accepts any result that a sequential run of the same object can produce, and a
 * seeded bug may break the rule even sequentially; what is checked is the invariant, not linearizability.
 */
final class Violations {
    private final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();

    /** Runs one actor, recording (not throwing) a fatal runtime error or a failed model check. */
    void actor(String who, Runnable body) {
        try {
            body.run();
        } catch (FatalError | IllegalStateException e) {
            seen.add(who + ": " + e.getMessage());
        }
    }

    void add(String violation) {
        seen.add(violation);
    }

    /** Throws if any actor broke an invariant. Call first in the model's {@code @Validate} method. */
    void check() {
        if (!seen.isEmpty()) {
            throw new IllegalStateException("runtime invariant broken: " + seen);
        }
    }
}
