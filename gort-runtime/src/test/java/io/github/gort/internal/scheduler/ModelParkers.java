package io.github.gort.internal.scheduler;

import io.github.gort.internal.chan.NotifyList;
import io.github.gort.internal.chan.Sema;
import io.github.gort.internal.chan.Sudog;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Parker}s for model tests, where Lincheck's threads stand in for goroutines (model checking cannot run
 * continuations). The channel, semaphore and notify-list code under test is the production code; only the
 * waiting differs. Their threads are not Ms: the {@code mp} they are given is null, and they ignore it.
 */
public final class ModelParkers {
    private ModelParkers() {}

    /**
     * Leaves a blocked operation pending: the sudog stays on its wait queue and the call returns PENDING, so later
     * operations complete it (direct handoff, close) and the test can observe its outcome. Records each parked
     * sudog in parking order; the list is appended under the channel lock and must be read under it.
     */
    public static final class Pending implements Parker {
        public final List<Sudog> parked = new ArrayList<>();
        /** The park reason of each parked sudog ("chan send", "chan receive"), same order. */
        public final List<String> reasons = new ArrayList<>();

        @Override
        public boolean park(M mp, Sudog sg, RuntimeLock lock, String reason) {
            parked.add(sg);
            reasons.add(reason);
            lock.unlock();
            return false;
        }

        @Override
        public void ready(M mp, Sudog sg) {
            if (sg.readied) {
                throw new IllegalStateException("sudog readied twice");
            }
            sg.readied = true;
        }
    }

    /** Blocks the calling thread by spinning until readied (Lincheck's model checker treats the spin as blocking). */
    static final class Spin implements Parker {
        @Override
        public boolean park(M mp, Sudog sg, RuntimeLock lock, String reason) {
            lock.unlock();
            while (!sg.readied) {
                Thread.onSpinWait();
            }
            return true;
        }

        @Override
        public void ready(M mp, Sudog sg) {
            sg.readied = true;
        }
    }

    /** A runtime semaphore whose waiters are plain threads spinning until released (sync model tests). */
    public static Sema spinSema(int initial) {
        return new Sema(initial, new Spin());
    }

    /** A notify list whose waiters are plain threads spinning until notified. */
    public static NotifyList spinNotifyList() {
        return new NotifyList(new Spin());
    }
}
