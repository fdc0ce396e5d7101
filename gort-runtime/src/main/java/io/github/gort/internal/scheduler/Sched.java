package io.github.gort.internal.scheduler;

import io.github.gort.heap.Heap;
import io.github.gort.internal.chan.Sema;
import io.github.gort.internal.metrics.TimeHistogram;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.GoroutineMode;
import io.github.gort.runtime.FatalError;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One gort runtime's scheduler state (Go: runtime2.go {@code schedt}, plus the globals {@code allp},
 * {@code allm}, {@code allgs}, {@code gomaxprocs}). The mechanisms that act on it live in their own classes,
 * named for Go's: {@link MLoop} (schedule, findRunnable, stealWork, execute), {@link Handoff} (wakep, startm,
 * stopm, handoffp), {@link Goroutines} (newproc, gopark, goready, gosched, goexit), {@link World} (stop/start the
 * world, procresize), {@link SafePoint} (forEachP), {@link Syscall}, {@link Sysmon}.
 *
 * <pre>
 * field                       guard / mode
 * pidle, midle, nmidle,       sched.lock
 *  nmidlelocked, gFree*
 * npidle, nmspinning,         atomic; written under sched.lock where Go does (pidleput/get), read racily
 *  needspinning
 * gcwaiting                   volatile; set and cleared under sched.lock by the stop-the-world caller
 * stopwait, safePointWait,    sched.lock (stopwait-- and the wake-up: World.stopwaitDec); the stopper's final
 *  safePointFn                 check reads stopwait after stopnote woke it, which publishes the last decrement
 * allp                        volatile array, replaced only by procresize with the world stopped
 * allm                        copy-on-write list (M structs are never freed)
 * gomaxprocs                  volatile, written by procresize with the world stopped
 * exiting                     volatile, set once by exit()
 * lastpoll                    atomic: the M that swaps it to 0 blocks in the poll and stores the time after;
 *                             sysmon CASes it forward when it polls
 * </pre>
 * No static mutable state: every mechanism object holds its Sched, so tests build isolated runtimes.
 */
public final class Sched {
    public final Config config;
    public final SchedLock lock = new SchedLock();
    public final GlobalRunq runq = new GlobalRunq(lock);

    // Idle Ms and M creation (Go: midle, nmidle, nmidlelocked, mnext, maxmcount).
    private M midle;
    int nmidle;
    int nmidlelocked;
    private final AtomicLong mnext = new AtomicLong();
    public final List<M> allm = new CopyOnWriteArrayList<>();

    // Idle Ps (Go: pidle, npidle) and spinning Ms (nmspinning, needspinning).
    private P pidle;
    public final AtomicInteger npidle = new AtomicInteger();
    public final AtomicInteger nmspinning = new AtomicInteger();
    final AtomicInteger needspinning = new AtomicInteger();

    final AllGs allgs = new AllGs();
    private final AtomicLong goidgen = new AtomicLong();

    // Stop-the-world (Go: gcwaiting, stopwait, stopnote) and safe points (safePointFn, safePointWait, ...).
    public volatile boolean gcwaiting;
    int stopwait;
    final Note stopnote = new Note();
    SafePointFn safePointFn;
    int safePointWait;
    final Note safePointNote = new Note();
    /** worldsema: one stop-the-world or forEachP at a time. A goroutine semaphore: waiting parks the G. */
    final Sema worldsema = new Sema(1);

    public volatile P[] allp = new P[0];
    public volatile int gomaxprocs;

    /**
     * Goroutines parked on something outside the scheduler that will ready them (a timer, a Java future): while
     * any exist, checkdead does not declare a deadlock (Go: the netpoller and timers).
     */
    public final AtomicInteger externalWaiters = new AtomicInteger();
    public final Stats stats = new Stats();
    /** The network poller (its selector is made when the first socket opens). */
    public final io.github.gort.internal.netpoll.NetPoll netpoll = new io.github.gort.internal.netpoll.NetPoll(this);
    /**
     * When the network was last polled by the blocking poll or sysmon (nanoTime); 0 while an M blocks in the poll,
     * so that only one does. Go: sched.lastpoll.
     */
    final AtomicLong lastpoll = new AtomicLong(System.nanoTime());
    /** True in the virtual-thread goroutine mode (Config.goroutineMode): each G's stack is a GoroutineThread. */
    final boolean virtualThreads;
    /** The thread container of this runtime's goroutine virtual threads (virtual-thread mode). */
    final GoroutineThread.Container goroutineContainer;
    /** Set by model-checking tests: Ms are driven by hand, so creating a thread is a test bug. */
    boolean threadless;
    /** The per-P data slots of this runtime (gcWork, allocation cache, ...). */
    public final PLocal.Registry plocals = new PLocal.Registry();
    /** This runtime's managed heap, made on first use (Heap.current) or by Heap.install; guarded by this. */
    public volatile Heap heap;
    /** The execution-trace recorder (Trace.start, the flight recorder); off unless started. */
    public final Tracer tracer = new Tracer(this);
    public final MLoop mloop;
    public final Handoff handoff;
    public final Goroutines goroutines;
    public final World world;
    public final SafePoint safePoint;
    public final Syscall syscall;
    public final Sysmon sysmon;
    public final Exit exit;
    /** The timer heap and its thread (Time.sleep, Timer, Ticker); the thread starts with the first timer. */
    public final Timers timers;

    public Sched(Config config) {
        this.config = config;
        this.virtualThreads = config.goroutineMode() == GoroutineMode.VIRTUAL_THREAD;
        if (virtualThreads) {
            GoroutineThread.Support.check();
        }
        this.goroutineContainer = virtualThreads ? new GoroutineThread.Container(this) : null;
        this.mloop = new MLoop(this);
        this.handoff = new Handoff(this);
        this.goroutines = new Goroutines(this);
        this.world = new World(this);
        this.safePoint = new SafePoint(this);
        this.syscall = new Syscall(this);
        this.sysmon = new Sysmon(this);
        this.exit = new Exit(this);
        this.timers = new Timers(this);
    }

    public boolean exiting() {
        return exit.exiting;
    }

    public P[] allp() {
        return allp;
    }

    // ---------------------------------------------------------------- goroutine counts (Go: gcount)

    /**
     * Goroutines created without a P (the main goroutine, a go statement inside a system call: newproc1NoP); the
     * Ps count the others, and every end (a goroutine ends on its M, which owns a P).
     */
    final java.util.concurrent.atomic.AtomicLong gCreatedNoP = new java.util.concurrent.atomic.AtomicLong();

    /** Goroutines created so far, the main one included. Any thread (a racy sum, exact with the world stopped). */
    public long goroutinesCreated() {
        long n = gCreatedNoP.get();
        for (P pp : world.everyP()) {
            n += pp.created();
        }
        return n;
    }

    /** Goroutines that have ended so far. Any thread (a racy sum, exact with the world stopped). */
    public long goroutinesExited() {
        long n = 0;
        for (P pp : world.everyP()) {
            n += pp.exited();
        }
        return n;
    }

    /**
     * The goroutines alive now (Go: gcount): created minus exited. The ends are read first: a goroutine counted as
     * ended was created before (its creation's count happens-before its end's, through the run queue that handed
     * it over), so the difference is never negative, though it may miss goroutines created meanwhile. Any thread.
     */
    public long goroutineCount() {
        long exited = goroutinesExited();
        return goroutinesCreated() - exited;
    }

    // ---------------------------------------------------------------- idle P list (Go: pidleput, pidleget)

    /** Puts pp on the idle list; from here on the caller must not touch pp. Caller holds sched.lock. */
    void pidleput(P pp) {
        lock.assertHeld("pidleput");
        if (!pp.runq.runqempty()) {
            throw new FatalError("pidleput: P" + pp.id + " has non-empty run queue");
        }
        if (Debug.CHECKS && pp.statusVolatile() != PStatus.IDLE) {
            throw new FatalError("pidleput: P" + pp.id + " is " + PStatus.name(pp.statusVolatile()) + ", want _Pidle");
        }
        pp.link = pidle;
        pidle = pp;
        npidle.incrementAndGet();
    }

    /** Takes an idle P, or null; the caller then owns it (and acquires it). Caller holds sched.lock. */
    P pidleget() {
        lock.assertHeld("pidleget");
        P pp = pidle;
        if (pp != null) {
            pidle = pp.link;
            pp.link = null;
            npidle.decrementAndGet();
        }
        return pp;
    }

    /**
     * Takes an idle P, or null, under sched.lock taken and released here; the caller then owns it. Caller does not
     * hold sched.lock. Go: {@code lock(&sched.lock); pp, _ := pidleget(0); unlock(&sched.lock)}.
     */
    P pidlegetLocking() {
        lock.lock();
        try {
            return pidleget();
        } finally {
            lock.unlock();
        }
    }

    /** The idle Ps, without removing them. Caller holds sched.lock (forEachP walks the list under it). */
    List<P> idlePs() {
        lock.assertHeld("idlePs");
        List<P> out = new ArrayList<>();
        for (P pp = pidle; pp != null; pp = pp.link) {
            out.add(pp);
        }
        return out;
    }

    // ---------------------------------------------------------------- idle M list (Go: mput, mget)

    /** Puts mp on the idle list and checks for deadlock. Caller holds sched.lock. Go: mput. */
    void mput(M mp) {
        lock.assertHeld("mput");
        mp.schedlink = midle;
        midle = mp;
        nmidle++;
        exit.checkdead();
    }

    /** Takes an idle M, or null. Caller holds sched.lock. Go: mget. */
    M mget() {
        lock.assertHeld("mget");
        M mp = midle;
        if (mp != null) {
            midle = mp.schedlink;
            mp.schedlink = null;
            nmidle--;
        }
        return mp;
    }

    long nextMid() {
        return mnext.getAndIncrement();
    }

    public int mcount() {
        return allm.size();
    }

    // ---------------------------------------------------------------- G free lists (Go: gfput, gfget)

    /** A P keeps at most this many dead Gs; past it, half goes to the global list (Go: 64). */
    static final int GFREE_LOCAL_MAX = 64;
    /** The batch size moved between a P and the global list (Go: 32). */
    static final int GFREE_BATCH = GFREE_LOCAL_MAX / 2;
    /**
     * The global free list (Go: sched.gFree): batches of GFREE_BATCH dead Gs, none with a virtual thread (see
     * {@link G#dropStack}). Guarded by sched.lock.
     */
    private final java.util.ArrayDeque<G[]> gFreeBatches = new java.util.ArrayDeque<>();
    /** Racy hint for gfget: the number of global batches. */
    private volatile int gFreeBatchCount;

    /** Puts a dead G on pp's free list; past 64 a batch of 32 moves to the global list. Caller owns pp. Go: gfput. */
    void gfput(P pp, G gp) {
        if (pp.gFreeCount == GFREE_LOCAL_MAX) {
            G[] batch = new G[GFREE_BATCH];
            int keep = GFREE_LOCAL_MAX - GFREE_BATCH;
            System.arraycopy(pp.gFree, keep, batch, 0, GFREE_BATCH);
            java.util.Arrays.fill(pp.gFree, keep, GFREE_LOCAL_MAX, null);
            pp.gFreeCount = keep;
            for (G d : batch) {
                d.dropStack();
            }
            lock.lock();
            try {
                gFreeBatches.push(batch);
                gFreeBatchCount = gFreeBatches.size();
            } finally {
                lock.unlock();
            }
        }
        pp.gFree[pp.gFreeCount++] = gp;
    }

    /** Takes a dead G from pp's free list, refilling a batch from the global list; null if none. Caller owns pp. Go: gfget. */
    G gfget(P pp) {
        if (pp.gFreeCount == 0 && gFreeBatchCount > 0) {
            G[] batch;
            lock.lock();
            try {
                batch = gFreeBatches.poll();
                gFreeBatchCount = gFreeBatches.size();
            } finally {
                lock.unlock();
            }
            if (batch != null) {
                System.arraycopy(batch, 0, pp.gFree, 0, batch.length);
                pp.gFreeCount = batch.length;
            }
        }
        if (pp.gFreeCount == 0) {
            return null;
        }
        G gp = pp.gFree[--pp.gFreeCount];
        pp.gFree[pp.gFreeCount] = null;
        return gp;
    }

    /** Moves all of pp's free Gs to the global list (procresize destroying pp). Caller holds sched.lock. */
    void gfpurge(P pp) {
        lock.assertHeld("gfpurge");
        if (pp.gFreeCount > 0) {
            for (int i = 0; i < pp.gFreeCount; i++) {
                pp.gFree[i].dropStack();
            }
            gFreeBatches.push(java.util.Arrays.copyOf(pp.gFree, pp.gFreeCount));
            gFreeBatchCount = gFreeBatches.size();
            java.util.Arrays.fill(pp.gFree, null);
            pp.gFreeCount = 0;
        }
    }

    /** The Gs on the global free list. Quiescent only. */
    List<G> globalFreeSnapshot() {
        List<G> out = new ArrayList<>();
        for (G[] batch : gFreeBatches) {
            out.addAll(List.of(batch));
        }
        return out;
    }

    /** The Gs on pp's free list. Quiescent only. */
    static List<G> localFreeSnapshot(P pp) {
        return List.of(java.util.Arrays.copyOf(pp.gFree, pp.gFreeCount));
    }

    /** A new goroutine id from pp's cache, refilled in batches of 16 (Go: p.goidcache). Caller owns pp. */
    long newGoid(P pp) {
        if (pp.goidcache == pp.goidcacheend) {
            long end = goidgen.addAndGet(16);
            pp.goidcache = end - 16 + 1;
            pp.goidcacheend = end + 1;
        }
        return pp.goidcache++;
    }

    /** A goroutine id taken without a P (the main goroutine, before any M runs). */
    long newGoidNoP() {
        return goidgen.incrementAndGet();
    }

    /** Counters that tests and traces read (racy reads are fine). */
    public static final class Stats {
        public final LongAdder steals = new LongAdder();
        public final LongAdder preempts = new LongAdder();
        public final LongAdder syscalls = new LongAdder();
        public final LongAdder syscallFastExits = new LongAdder();
        public final LongAdder syscallSlowExits = new LongAdder();
        public final LongAdder handoffs = new LongAdder();
        public final LongAdder retakes = new LongAdder();
        public final LongAdder forEachPRounds = new LongAdder();
        public final LongAdder stwRounds = new LongAdder();
        /** Loop polls that found their goroutine asked to yield but pinned (Goroutines.goschedguarded). */
        public final LongAdder pinnedPolls = new LongAdder();
        /** Runnable-to-running times of sampled goroutines (/sched/latencies:seconds; SchedLatency). */
        public final TimeHistogram timeToRun = new TimeHistogram();
        /** GC stop-the-world pauses (/gc/pauses:seconds; GcCycle.pause). */
        public final TimeHistogram gcPauses = new TimeHistogram();
        /** Time goroutines spent parked on sync.Mutex and RWMutex (internal.metrics.MutexWait). */
        public final LongAdder mutexWaitNanos = new LongAdder();
    }
}
