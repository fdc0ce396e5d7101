package io.github.gort.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One gort runtime's scheduler state (Go: runtime2.go {@code schedt}, plus the globals {@code allp},
 * {@code allm}, {@code allgs}, {@code gomaxprocs}). The mechanisms that act on it live in their own classes,
 * named for Go's: {@link Schedule} (schedule, findRunnable, stealWork, execute), {@link Wake} (wakep, startm,
 * stopm, handoffp), {@link Park} (newproc, gopark, goready, gosched, goexit), {@link World} (stop/start the
 * world, procresize), {@link SafePoint} (forEachP), {@link Syscall}, {@link Sysmon}.
 *
 * <pre>
 * field                       guard / mode
 * pidle, midle, nmidle,       sched.lock
 *  nmidlelocked, gFree*
 * npidle, nmspinning,         atomic; written under sched.lock where Go does (pidleput/get), read racily
 *  needspinning
 * gcwaiting                   volatile; set and cleared under sched.lock by the stop-the-world caller
 * stopwait, safePointWait,    sched.lock
 *  safePointFn
 * allp                        volatile array, replaced only by procresize with the world stopped
 * allm                        copy-on-write list (M structs are never freed)
 * gomaxprocs                  volatile, written by procresize with the world stopped
 * exiting                     volatile, set once by exit()
 * </pre>
 * No static mutable state: every mechanism object holds its Sched, so tests build isolated runtimes.
 */
final class Sched {
    final Config config;
    final SchedLock lock = new SchedLock();
    final GlobalRunq runq = new GlobalRunq(lock);

    // Idle Ms and M creation (Go: midle, nmidle, nmidlelocked, mnext, maxmcount).
    private M midle;
    int nmidle;
    int nmidlelocked;
    private final AtomicLong mnext = new AtomicLong();
    final List<M> allm = new CopyOnWriteArrayList<>();

    // Idle Ps (Go: pidle, npidle) and spinning Ms (nmspinning, needspinning).
    private P pidle;
    final AtomicInteger npidle = new AtomicInteger();
    final AtomicInteger nmspinning = new AtomicInteger();
    final AtomicInteger needspinning = new AtomicInteger();

    // The global free list of dead Gs (Go: sched.gFree).
    private G gFree;
    private int gFreeCount;
    final AllGs allgs = new AllGs();
    private final AtomicLong goidgen = new AtomicLong();

    // Stop-the-world (Go: gcwaiting, stopwait, stopnote) and safe points (safePointFn, safePointWait, ...).
    volatile boolean gcwaiting;
    int stopwait;
    final Note stopnote = new Note();
    SafePointFn safePointFn;
    int safePointWait;
    final Note safePointNote = new Note();
    /** worldsema: one stop-the-world or forEachP at a time. A goroutine semaphore: waiting parks the G. */
    final Sema worldsema = new Sema(1);

    volatile P[] allp = new P[0];
    volatile int gomaxprocs;

    /**
     * Goroutines parked on something outside the scheduler that will ready them (a timer, a Java future): while
     * any exist, checkdead does not declare a deadlock (Go: the netpoller and timers).
     */
    final AtomicInteger externalWaiters = new AtomicInteger();
    final Stats stats = new Stats();
    /** Set by model-checking tests: Ms are driven by hand, so creating a thread is a test bug. */
    boolean threadless;
    /** The per-P data slots of this runtime (gcWork, allocation cache, ...). */
    final PLocal.Registry plocals = new PLocal.Registry();
    /** This runtime's managed heap, made on first use (Heap.current) or by Heap.install; guarded by this. */
    volatile Heap heap;
    final Schedule schedule;
    final Wake wake;
    final Park park;
    final World world;
    final SafePoint safePoint;
    final Syscall syscall;
    final Sysmon sysmon;
    final Exit exit;
    /** The timer heap and its thread (Time.sleep, Timer, Ticker); the thread starts with the first timer. */
    final Timers timers;

    Sched(Config config) {
        this.config = config;
        this.schedule = new Schedule(this);
        this.wake = new Wake(this);
        this.park = new Park(this);
        this.world = new World(this);
        this.safePoint = new SafePoint(this);
        this.syscall = new Syscall(this);
        this.sysmon = new Sysmon(this);
        this.exit = new Exit(this);
        this.timers = new Timers(this);
    }

    boolean exiting() {
        return exit.exiting;
    }

    P[] allp() {
        return allp;
    }

    // ---------------------------------------------------------------- idle P list (Go: pidleput, pidleget)

    /** Puts pp on the idle list; from here on the caller must not touch pp. Caller holds sched.lock. */
    void pidleput(P pp) {
        lock.assertHeld("pidleput");
        if (!pp.runq.runqempty()) {
            throw new FatalError("pidleput: P" + pp.id + " has non-empty run queue");
        }
        if (Debug.CHECKS && pp.status() != PStatus.IDLE) {
            throw new FatalError("pidleput: P" + pp.id + " is " + PStatus.name(pp.status()) + ", want _Pidle");
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

    int mcount() {
        return allm.size();
    }

    // ---------------------------------------------------------------- G free lists (Go: gfput, gfget)

    private static final int GFREE_LOCAL_MAX = 64;
    private static final int GFREE_LOCAL_KEEP = 32;

    /** Puts a dead G on pp's free list; moves a batch to the global list past 64. Caller owns pp. Go: gfput. */
    void gfput(P pp, G gp) {
        gp.schedlink = pp.gFree;
        pp.gFree = gp;
        pp.gFreeCount++;
        if (pp.gFreeCount >= GFREE_LOCAL_MAX) {
            lock.lock();
            try {
                while (pp.gFreeCount > GFREE_LOCAL_KEEP) {
                    G g1 = pp.gFree;
                    pp.gFree = g1.schedlink;
                    pp.gFreeCount--;
                    g1.schedlink = gFree;
                    gFree = g1;
                    gFreeCount++;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Takes a dead G from pp's free list, refilling from the global list; null if none. Caller owns pp. Go: gfget. */
    G gfget(P pp) {
        if (pp.gFree == null && gFreeCount > 0) {
            lock.lock();
            try {
                while (pp.gFreeCount < GFREE_LOCAL_KEEP && gFree != null) {
                    G g1 = gFree;
                    gFree = g1.schedlink;
                    gFreeCount--;
                    g1.schedlink = pp.gFree;
                    pp.gFree = g1;
                    pp.gFreeCount++;
                }
            } finally {
                lock.unlock();
            }
        }
        G gp = pp.gFree;
        if (gp != null) {
            pp.gFree = gp.schedlink;
            pp.gFreeCount--;
            gp.schedlink = null;
        }
        return gp;
    }

    /** Moves all of pp's free Gs to the global list (procresize destroying pp). Caller holds sched.lock. */
    void gfpurge(P pp) {
        lock.assertHeld("gfpurge");
        while (pp.gFree != null) {
            G g1 = pp.gFree;
            pp.gFree = g1.schedlink;
            pp.gFreeCount--;
            g1.schedlink = gFree;
            gFree = g1;
            gFreeCount++;
        }
    }

    /** The Gs on the global free list. Quiescent only. */
    List<G> globalFreeSnapshot() {
        List<G> out = new ArrayList<>();
        for (G g = gFree; g != null; g = g.schedlink) {
            out.add(g);
        }
        return out;
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
    static final class Stats {
        final LongAdder gCreated = new LongAdder();
        final LongAdder gExited = new LongAdder();
        final LongAdder steals = new LongAdder();
        final LongAdder preempts = new LongAdder();
        final LongAdder syscalls = new LongAdder();
        final LongAdder syscallFastExits = new LongAdder();
        final LongAdder syscallSlowExits = new LongAdder();
        final LongAdder handoffs = new LongAdder();
        final LongAdder retakes = new LongAdder();
        final LongAdder forEachPRounds = new LongAdder();
        final LongAdder stwRounds = new LongAdder();
    }
}
