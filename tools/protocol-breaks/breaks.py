# Hand-made breaks of the protocol rules (issue 9, point 5), run by run.py. Each: the rule it breaks, the edits
# (file, old text, new text; old must occur exactly once; a bare file name is the one main source file of
# gort-runtime so named; `run.py --check` finds edits that a refactoring made stale),
# and the tests aimed at the rule (a Surefire -Dtest pattern). debug_off=True also runs the production-checks
# execution. Known gap: runqput-plain-tail (a release store) needs jcstress, which Maven Central does not serve here.
MUTATIONS = [
 dict(name='sp-after-store', debug_off=True, rule="#11640: the safe-point call after the _Psyscall store (default path)",
      edits=[('Syscall.java', 'if (order == SyscallOrder.FIXED) {', 'if (order == null) {'),
             ('Syscall.java', 'if (order == SyscallOrder.LEGACY_UNSAFE) {', 'if (order != null) {')],
      tests='Issue11640*,EntersyscallSafePointLincheckTest,ProtocolLincheckTest'),
 dict(name='tail-after-store', rule="#11640: the safe-point call and the owner clearing after the store",
      edits=[('Syscall.java', '''        if (order == SyscallOrder.FIXED) {
            runPendingSafePointFn(mp, pp);                     // still ours (golang/go#11640)
        }
        mp.syscalltick = pp.syscalltick;
        mp.oldp = pp;
        mp.p = null;
        pp.m = null;                                           // the owner record: P-local data is no longer ours
        mp.insyscall = true;
        pp.setStatusVolatile(PStatus.SYSCALL);                 // PUBLICATION POINT: any M may now CAS pp away.
        // From here this M must not touch pp's run queue or P-local data.
        afterPublish();''', '''        mp.insyscall = true;
        pp.setStatusVolatile(PStatus.SYSCALL);
        afterPublish();
        if (order == SyscallOrder.FIXED) {
            runPendingSafePointFn(mp, pp);
        }
        mp.syscalltick = pp.syscalltick;
        mp.oldp = pp;
        mp.p = null;
        pp.m = null;''')],
      tests='Issue11640*,EntersyscallSafePointLincheckTest,ProtocolLincheckTest'),
 dict(name='owner-clear-after-store', rule="#11640: the owner record (p.m) cleared after the store",
      edits=[('Syscall.java', '''        pp.m = null;                                           // the owner record: P-local data is no longer ours
        mp.insyscall = true;
        pp.setStatusVolatile(PStatus.SYSCALL);                 // PUBLICATION POINT: any M may now CAS pp away.
        // From here this M must not touch pp's run queue or P-local data.
        afterPublish();''', '''        mp.insyscall = true;
        pp.setStatusVolatile(PStatus.SYSCALL);
        afterPublish();
        pp.m = null;''')],
      tests='Issue11640*,EntersyscallSafePointLincheckTest,ProtocolLincheckTest'),
 dict(name='exitsyscall-plain-store', rule="exitsyscallfast takes its old P with a plain store, not a CAS",
      edits=[('Syscall.java', 'if (oldp != null && oldp.statusVolatile() == PStatus.SYSCALL && oldp.casStatus(PStatus.SYSCALL, PStatus.IDLE)) {',
              'if (oldp != null && oldp.statusVolatile() == PStatus.SYSCALL) {\n            oldp.setStatusVolatile(PStatus.IDLE);')],
      tests='ProtocolLincheckTest,PAcquireLincheckTest,SyscallTakeoverTest'),
 dict(name='foreachp-no-syscall-cas', rule="forEachP does not take Ps in _Psyscall",
      edits=[('SafePoint.java', 'if (pp.runSafePointFnVolatile() == 1 && pp.casFromSyscall(PStatus.IDLE)) {',
              'if (pp == null) {')],
      tests='SyscallTakeoverTest,ProtocolLincheckTest,EntersyscallSafePointLincheckTest'),
 dict(name='foreachp-syscall-plain-store', rule="forEachP takes a _Psyscall P with a plain store",
      edits=[('SafePoint.java', 'if (pp.runSafePointFnVolatile() == 1 && pp.casFromSyscall(PStatus.IDLE)) {',
              'if (pp.statusVolatile() == PStatus.SYSCALL && pp.runSafePointFnVolatile() == 1) {\n                pp.setStatusVolatile(PStatus.IDLE);')],
      tests='ProtocolLincheckTest#exitsyscallFastPathAgainstForEachP'),
 dict(name='sysmon-never-retakes', rule="sysmon never retakes Ps in _Psyscall",
      edits=[('Sysmon.java', 'if (pp.casFromSyscall(PStatus.IDLE)) {\n                n++;',
              'if (pp == null) {\n                n++;')],
      tests='SyscallTakeoverTest,ProtocolLincheckTest'),
 dict(name='gcstopm-no-stopwait', rule="gcstopm does not count itself down (stopwait--)",
      edits=[('World.java', '''            sched.mput(mp);
            stopwaitDec();''', '''            sched.mput(mp);''')],
      tests='StopTheWorldTest,ProcresizeTest'),
 dict(name='handoffp-gcwaiting-no-wake', rule="handoffp gives its P to stop-the-world without waking the stopper at 0",
      edits=[('Handoff.java', '''                sched.world.stopwaitDec();
                return;''', '''                sched.stopwait--;
                return;''')],
      tests='StopTheWorldTest'),
 dict(name='runqput-plain-tail', rule="runqput publishes the tail with a plain store (no release)",
      edits=[('Runq.java', 'RUNQTAIL.setRelease(this, t + 1);          // publishes the slot to thieves',
              'RUNQTAIL.set(this, t + 1);')],
      tests='RunqLincheckTest,SchedulerStressTest'),
 dict(name='runqgrab-plain-head', rule="a steal publishes head with a plain store, not a CAS",
      edits=[('Runq.java', '''            if (RUNQHEAD.compareAndSet(this, h, h + n)) {
                return n;
            }''', '''            RUNQHEAD.set(this, h + n);
            return n;''')],
      tests='RunqLincheckTest,SchedulerStressTest'),
 dict(name='lfstack-no-count', rule="lfstack push does not bump the push count (ABA)",
      edits=[('LfStack.java', 'long cnt = b.pushcnt + 1; // plain: only the holder pushes', 'long cnt = b.pushcnt; // MUTATION')],
      tests='LfStackLincheckTest,WorkbufStressTest'),
 dict(name='dispose-wbuf1-only', rule="gcWork.dispose gives back wbuf1 only",
      edits=[('GcWork.java', '''            wbuf1 = null;
            giveBack(wbuf2);
            wbuf2 = null;''', '''            wbuf1 = null;
            wbuf2 = null;''')],
      tests='GcWorkTest,GcWorkLincheckTest,WorkbufStressTest'),
 dict(name='no-write-barrier', rule="setPtr skips the Dijkstra barrier",
      edits=[('Mutator.java', 'if (cycle.writeBarrier && val != 0) {', 'if (false && cycle.writeBarrier && val != 0) {')],
      tests='CheckmarkTest,HeapReachabilityTest,HeapStressTest'),
 dict(name='handoffp-no-safepoint', rule="handoffp puts a P on the idle list without running its pending safe-point function",
      edits=[('Handoff.java', 'if (pp.runSafePointFnVolatile() != 0 && pp.casRunSafePointFn()) {', 'if (pp == null) {')],
      tests='SyscallTakeoverTest'),
 dict(name='idle-with-pending-fn', rule="findRunnable releases its P with a safe-point function pending",
      edits=[('MLoop.java', 'if (sched.gcwaiting || pp.runSafePointFnVolatile() != 0 || sched.exiting() || sched.runq.size() > 0) {',
              'if (sched.gcwaiting || sched.exiting() || sched.runq.size() > 0) {')],
      tests='ProtocolLincheckTest'),
 dict(name='procresize-no-owner', rule="procresize gives the stopper P0 without recording it as P0's owner",
      edits=[('World.java', 'p0.m = mp;                              // the owner record', 'p0.m = null;                              // the owner record')],
      tests='ProcresizeTest'),
 dict(name='spinner-no-recheck', rule="a spinning M that drops nmspinning does not re-check the run queues",
      edits=[('MLoop.java', 'P p2 = checkRunqsNoP();', 'P p2 = null;')],
      tests='SpinningLincheckTest'),
 dict(name='stw-no-syscall-cas', rule="stop-the-world does not take Ps in _Psyscall",
      edits=[('World.java', 'if (pp.casFromSyscall(PStatus.GCSTOP)) {\n                    sched.stopwait--;', 'if (pp == null) {\n                    sched.stopwait--;')],
      tests='StopTheWorldTest'),
 dict(name='entersyscall-no-gcwait', rule="entersyscall ignores a pending stop-the-world",
      edits=[('Syscall.java', '''        if (sched.gcwaiting) {
            entersyscallGcwait(pp);
        }''', '')],
      tests='StopTheWorldTest'),
 dict(name='mutex-no-starvation', rule="Mutex never enters starvation mode",
      edits=[('gort-runtime/src/main/java/io/github/gort/sync/Mutex.java',
              'starving = starving || nanoClock.getAsLong() - waitStart > STARVATION_THRESHOLD_NS;',
              'starving = false;')],
      tests='GoMutexTest'),
 dict(name='waitgroup-no-negative', rule="WaitGroup does not detect a negative counter",
      edits=[('gort-runtime/src/main/java/io/github/gort/sync/WaitGroup.java', 'if (v < 0) {', 'if (v < -1_000_000) {')],
      tests='SyncMisuseTest,GoWaitGroupTest,SyncTest'),
 dict(name='select-fixed-enqueue', rule="select's pass 2 enqueues in case order (same-channel cases not random)",
      edits=[('SelectImpl.java', 'Sudog sg = sudogOfCase[pollorder[k]];', 'Sudog sg = sudogOfCase[k];')],
      tests='GoChanTest,SelectSpecTest'),
 dict(name='vthread-parked-before-waiting', rule="virtual-thread mode: the M publishes JDK_PARKED before the G is _Gwaiting and off the M",
      edits=[('GoroutineThread.java', """        G gp = g;
        gp.casgstatus(GStatus.RUNNING, GStatus.WAITING);""", """        G gp = g;
        if (STATE.compareAndSet(this, MOUNTED, JDK_PARKED)) {
            mp.sched.externalWaiters.incrementAndGet();
            gp.casgstatus(GStatus.RUNNING, GStatus.WAITING);
            mp.curg = null;
            gp.m = null;
            return;
        }
        gp.casgstatus(GStatus.RUNNING, GStatus.WAITING);""")],
      tests='GoroutineThreadLincheckTest,GoroutineThreadTest,JdkWakeRaceStressTest'),
 dict(name='vthread-submit-readies-mounted', rule="virtual-thread mode: a JDK wake-up readies a goroutine its M has not let go",
      edits=[('GoroutineThread.java', """                    if (STATE.compareAndSet(this, MOUNTED, JDK_WOKEN)) {
                        return;                               // its M readies it once the task returns
                    }""", """                    if (STATE.compareAndSet(this, MOUNTED, IDLE)) {
                        ready();
                        return;
                    }""")],
      tests='GoroutineThreadLincheckTest,GoroutineThreadTest,JdkWakeRaceStressTest'),
]
