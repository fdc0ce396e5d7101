package io.github.gort.internal.scheduler;

import io.github.gort.testing.TestRuntimes;
import io.github.gort.runtime.Config;
import java.util.ArrayList;
import java.util.List;

/**
 * A thread-less runtime for model checking: Ps and Ms that Lincheck's threads drive by hand. Nothing parks or
 * yields: {@code startm} on an idle M only sets {@code m.nextp} and its note, and a test operation then plays
 * that M. The classes are the real ones (Sched, Handoff, SafePoint, Syscall, Sysmon), not copies.
 */
final class ModelWorld {
    final Sched sched;
    final P[] ps;
    final M[] ms;

    /** procs Ps; Ms 0..procs-1 own Ps 0..procs-1 with a RUNNING G each; the rest of the Ms are idle. */
    ModelWorld(Config config, int procs, int idleMs) {
        sched = new Sched(TestRuntimes.inTestMode(config.gomaxprocs(procs)));
        sched.threadless = true;
        ms = new M[procs + idleMs];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = new M(sched, i);
            sched.allm.add(ms[i]);
        }
        sched.lock.lock();
        try {
            sched.world.procresize(null, procs);
            ps = sched.allp();
            for (int i = 0; i < procs; i++) {
                P pp = sched.pidleget();
                sched.handoff.acquirep(ms[pp.id], pp);
            }
            for (int i = procs; i < ms.length; i++) {
                sched.mput(ms[i]);
            }
        } finally {
            sched.lock.unlock();
        }
        for (int i = 0; i < procs; i++) {
            G gp = newG();
            gp.casgstatus(GStatus.RUNNABLE, GStatus.RUNNING);
            ms[i].curg = gp;
            gp.m = ms[i];
        }
    }

    /** The idle list's Ps, read under sched.lock. */
    List<P> idlePs() {
        sched.lock.lock();
        try {
            return new ArrayList<>(sched.idlePs());
        } finally {
            sched.lock.unlock();
        }
    }

    /** A RUNNABLE G that is in no queue yet. */
    G newG() {
        G gp = new G(sched);
        gp.casgstatus(GStatus.IDLE, GStatus.DEAD);
        gp.init(sched.newGoidNoP(), 0, () -> { });
        gp.casgstatus(GStatus.DEAD, GStatus.RUNNABLE);
        return gp;
    }

    /** The calling test thread now plays mp: M.current() is mp, so P-local owner checks accept it while mp owns a P. */
    void becomeM(M mp) {
        M.playOnCurrentThread(mp);
    }

    /** The calling thread plays mp, which gives up its P to the idle list (findRunnable's releasepIdle). */
    P releaseToIdle(M mp) {
        becomeM(mp);
        P pp = sched.handoff.releasep(mp);
        sched.lock.lock();
        try {
            sched.pidleput(pp);
        } finally {
            sched.lock.unlock();
        }
        return pp;
    }

    /** Plays an M woken by startm: takes the P handed over in m.nextp; null if none was handed over. */
    P wake(M mp) {
        becomeM(mp);
        P pp = mp.nextp;
        if (pp == null) {
            return null;
        }
        mp.nextp = null;
        mp.park.clear();
        sched.handoff.acquirep(mp, pp);
        return pp;
    }
}
