package io.github.gort.internal.netpoll;

/**
 * A seeded lost wake-up for {@link PollDescLincheckTest}: the same socket model over the real {@link PollDesc},
 * with a host whose park publishes its token by checking for WAIT and then storing, instead of the CAS of
 * {@link PollDesc.Waiter#commit}. Readiness that arrives between the check and the store (the poller's
 * WAIT → READY) is overwritten by the token; the poller readied nobody, and the reader spins for ever.
 */
public class BrokenCommitPollDescModel extends PollDescModel {
    public BrokenCommitPollDescModel() {
        super(new CheckThenStoreHost());
    }

    static final class CheckThenStoreHost extends SpinHost {
        @Override
        boolean publish(PollDesc.Waiter w, Token t) {
            if (w.get() != PollDesc.WAIT) {
                return false;
            }
            w.getAndSet(t);                              // BUG: not a CAS; what came since the check is lost
            return true;
        }
    }
}
