package io.github.gort.internal.scheduler;

import io.github.gort.testing.TestRuntimes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gort.runtime.Config;
import io.github.gort.runtime.FatalError;
import org.junit.jupiter.api.Test;

/** The P and G state machines: the legal moves (Go: runtime2.go's status comments, casgstatus), and loud failure for the rest. */
class StateMachineTest {
    private final Sched sched = new Sched(TestRuntimes.inTestMode(Config.defaults().gomaxprocs(2)));

    @Test
    void debugChecksAreOnInTests() {
        assertThat(Debug.CHECKS).as("surefire runs with -Dgort.debug=true").isTrue();
    }

    @Test
    void pTransitionsFollowGo() {
        int[] all = {PStatus.IDLE, PStatus.RUNNING, PStatus.SYSCALL, PStatus.GCSTOP, PStatus.DEAD};
        int legal = 0;
        for (int from : all) {
            for (int to : all) {
                if (PStatus.allowed(from, to)) {
                    legal++;
                }
            }
        }
        assertThat(legal).isEqualTo(13);
        assertThat(PStatus.allowed(PStatus.SYSCALL, PStatus.IDLE)).as("retake, forEachP").isTrue();
        assertThat(PStatus.allowed(PStatus.IDLE, PStatus.SYSCALL)).as("only an owner enters a syscall").isFalse();
        assertThat(PStatus.allowed(PStatus.DEAD, PStatus.RUNNING)).isFalse();
        assertThat(PStatus.name(PStatus.SYSCALL)).isEqualTo("_Psyscall");
    }

    @Test
    void illegalPTransitionIsFatal() {
        P pp = new P(7, sched.runq, 4, sched.plocals);       // new Ps start in _Pgcstop
        assertThatThrownBy(() -> pp.setStatusVolatile(PStatus.SYSCALL))
                .isInstanceOf(FatalError.class)
                .hasMessageContaining("P7").hasMessageContaining("_Pgcstop -> _Psyscall");
        assertThatThrownBy(() -> pp.casStatus(PStatus.DEAD, PStatus.RUNNING))
                .isInstanceOf(FatalError.class).hasMessageContaining("_Pdead -> _Prunning");
    }

    @Test
    void gTransitionsFollowGo() {
        G gp = new G(sched);
        gp.casgstatus(GStatus.IDLE, GStatus.DEAD);
        gp.init(42, 1, () -> { });
        gp.casgstatus(GStatus.DEAD, GStatus.RUNNABLE);
        gp.casgstatus(GStatus.RUNNABLE, GStatus.RUNNING);
        gp.casgstatus(GStatus.RUNNING, GStatus.SYSCALL);
        gp.casgstatus(GStatus.SYSCALL, GStatus.RUNNING);
        gp.casgstatus(GStatus.RUNNING, GStatus.WAITING);
        gp.casgstatus(GStatus.WAITING, GStatus.RUNNABLE);
        assertThat(gp.statusVolatile()).isEqualTo(GStatus.RUNNABLE);
    }

    @Test
    void illegalGTransitionIsFatal() {
        G gp = new G(sched);
        assertThatThrownBy(() -> gp.casgstatus(GStatus.IDLE, GStatus.RUNNING))
                .isInstanceOf(FatalError.class).hasMessageContaining("casgstatus: bad incoming values");
        gp.casgstatus(GStatus.IDLE, GStatus.DEAD);
        assertThatThrownBy(() -> gp.casgstatus(GStatus.WAITING, GStatus.RUNNABLE))
                .isInstanceOf(FatalError.class)
                .hasMessageContaining("waiting for _Gwaiting but is _Gdead");
    }

    @Test
    void acquirepAndReleasepCheckOwnership() {
        M m1 = new M(sched, 1);
        M m2 = new M(sched, 2);
        P pp = new P(0, sched.runq, 4, sched.plocals);
        pp.setStatusVolatile(PStatus.IDLE);
        sched.handoff.acquirep(m1, pp);
        assertThat(pp.m).isSameAs(m1);
        assertThat(m1.p).isSameAs(pp);
        assertThatThrownBy(() -> sched.handoff.acquirep(m2, pp))
                .isInstanceOf(FatalError.class).hasMessageContaining("acquirep: invalid p state");
        assertThatThrownBy(() -> sched.handoff.releasep(m2))
                .isInstanceOf(FatalError.class).hasMessageContaining("releasep: invalid p state");
        assertThat(sched.handoff.releasep(m1)).isSameAs(pp);
        assertThat(pp.statusVolatile()).isEqualTo(PStatus.IDLE);
        assertThat(pp.m).isNull();
    }

    @Test
    void pLocalIsOwnerOnly() {
        PLocal<int[]> cache = sched.plocals.define("test cache", () -> new int[1], c -> { });
        M m1 = new M(sched, 1);
        P pp = new P(0, sched.runq, 4, sched.plocals);
        pp.setStatusVolatile(PStatus.IDLE);
        assertThatThrownBy(() -> cache.get(pp))
                .isInstanceOf(FatalError.class)
                .hasMessageContaining("test cache of P0").hasMessageContaining("does not own the P");
        M.playOnCurrentThread(m1);
        try {
            assertThatThrownBy(() -> cache.get(pp))
                    .isInstanceOf(FatalError.class).hasMessageContaining("owner: none");
            sched.handoff.acquirep(m1, pp);
            cache.get(pp)[0]++;
            assertThat(cache.get(pp)[0]).isEqualTo(1);
            sched.handoff.releasep(m1);
            assertThatThrownBy(() -> cache.get(pp)).isInstanceOf(FatalError.class);
        } finally {
            M.playOnCurrentThread(null);
        }
    }
}
