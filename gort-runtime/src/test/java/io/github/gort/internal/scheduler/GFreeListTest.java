package io.github.gort.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Config;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The free lists of dead Gs (Go: proc.go gfput, gfget, gfpurge): a P keeps up to 64; at 64 a batch of 32 moves
 * to the global list; a P with none takes a batch of 32 back. Every G put is on exactly one list, and every G got
 * comes out once.
 */
class GFreeListTest {
    private static G deadG(ModelWorld w) {
        G gp = new G(w.sched);
        gp.casgstatus(GStatus.IDLE, GStatus.DEAD);
        return gp;
    }

    /** The Gs on every free list, each once (a G on two lists, or twice on one, fails). */
    private static Set<G> allFree(ModelWorld w) {
        Set<G> all = Collections.newSetFromMap(new IdentityHashMap<>());
        List<G> listed = new ArrayList<>(w.sched.globalFreeSnapshot());
        for (P pp : w.ps) {
            listed.addAll(Sched.localFreeSnapshot(pp));
        }
        for (G gp : listed) {
            assertThat(all.add(gp)).as("G on two free lists (or twice on one)").isTrue();
        }
        return all;
    }

    @Test
    void gfputMovesABatchOf32ToTheGlobalListOnceAPHolds64() {
        ModelWorld w = new ModelWorld(Config.defaults().gomaxprocs(1), 1, 0);
        P pp = w.ps[0];
        w.becomeM(w.ms[0]);
        Set<G> put = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 1; i <= 64; i++) {
            G gp = deadG(w);
            put.add(gp);
            w.sched.gfput(pp, gp);
        }
        assertThat(Sched.localFreeSnapshot(pp)).hasSize(64);
        assertThat(w.sched.globalFreeSnapshot()).as("nothing moves up to 64").isEmpty();
        G g65 = deadG(w);
        put.add(g65);
        w.sched.gfput(pp, g65);
        assertThat(Sched.localFreeSnapshot(pp)).as("64 - 32 + the new one").hasSize(33).contains(g65);
        assertThat(w.sched.globalFreeSnapshot()).hasSize(32);
        for (int i = 66; i <= 300; i++) {
            G gp = deadG(w);
            put.add(gp);
            w.sched.gfput(pp, gp);
            assertThat(Sched.localFreeSnapshot(pp).size()).as("after %d puts", i).isBetween(1, 64);
            assertThat(w.sched.globalFreeSnapshot().size() % 32).as("global list in batches of 32").isZero();
        }
        assertThat(allFree(w)).as("every G put is on one free list").isEqualTo(put);
    }

    @Test
    void gfgetRefills32FromTheGlobalListAndEveryGComesOutOnce() {
        ModelWorld w = new ModelWorld(Config.defaults().gomaxprocs(2), 2, 0);
        P p0 = w.ps[0];
        P p1 = w.ps[1];
        w.becomeM(w.ms[0]);
        Set<G> put = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < 130; i++) {                  // P0: 130 puts -> 34 local, 3 batches of 32 global
            G gp = deadG(w);
            put.add(gp);
            w.sched.gfput(p0, gp);
        }
        assertThat(Sched.localFreeSnapshot(p0)).hasSize(34);
        assertThat(w.sched.globalFreeSnapshot()).hasSize(96);

        // P1 has none: its first gfget takes a batch of 32 from the global list and returns one of them.
        w.becomeM(w.ms[1]);
        Set<G> got = Collections.newSetFromMap(new IdentityHashMap<>());
        G first = w.sched.gfget(p1);
        assertThat(first).isNotNull();
        got.add(first);
        assertThat(Sched.localFreeSnapshot(p1)).as("32 refilled, one returned").hasSize(31);
        assertThat(w.sched.globalFreeSnapshot()).hasSize(64);

        // Empty both Ps: every G comes out exactly once, and the counts always add up.
        for (int turn = 0; ; turn++) {
            P pp = turn % 2 == 0 ? p0 : p1;
            w.becomeM(w.ms[pp.id]);
            G gp = w.sched.gfget(pp);
            if (gp == null) {
                w.becomeM(w.ms[1 - pp.id]);
                gp = w.sched.gfget(w.ps[1 - pp.id]);
                if (gp == null) {
                    break;
                }
            }
            assertThat(got.add(gp)).as("G got twice").isTrue();
            assertThat(allFree(w).size() + got.size()).as("conserved after %d gets", got.size()).isEqualTo(130);
        }
        assertThat(got).isEqualTo(put);
        assertThat(w.sched.globalFreeSnapshot()).isEmpty();
    }

    /** procresize destroying a P moves its free Gs to the global list, where other Ps find them (Go: gfpurge). */
    @Test
    void aDestroyedPsFreeGsGoToTheGlobalList() {
        ModelWorld w = new ModelWorld(Config.defaults().gomaxprocs(2), 2, 0);
        P p1 = w.ps[1];
        w.becomeM(w.ms[1]);
        Set<G> put = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < 10; i++) {
            G gp = deadG(w);
            put.add(gp);
            w.sched.gfput(p1, gp);
        }
        ProcresizeTest.stopTheWorldOf(w, w.ms[0]);
        ProcresizeTest.restartWith(w, w.ms[0], 1);
        assertThat(Sched.localFreeSnapshot(p1)).isEmpty();
        assertThat(w.sched.globalFreeSnapshot()).containsExactlyInAnyOrderElementsOf(put);
        w.becomeM(w.ms[0]);
        Set<G> got = Collections.newSetFromMap(new IdentityHashMap<>());
        G gp;
        while ((gp = w.sched.gfget(w.ps[0])) != null) {
            got.add(gp);
        }
        assertThat(got).isEqualTo(put);
    }
}
