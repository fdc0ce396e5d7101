package io.github.gort.internal.scheduler;

import io.github.gort.internal.trace.TraceBuf;
import io.github.gort.internal.trace.TraceEncoder;
import io.github.gort.internal.trace.TraceStrings;
import io.github.gort.runtime.FatalError;
import io.github.gort.trace.EventKind;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One runtime's execution-trace recorder (Go: trace.go's traceEvent and the trace state). An event goes into the
 * buffer of the P its M owns ({@code P.tracebuf}, written without a lock, as Go's {@code pp.trace.buf}), or, when
 * the M owns no P (sysmon, an M in a system call, a plain thread readying a goroutine), into the one no-P buffer
 * under its lock (Go: {@code trace.buf} under {@code trace.bufLock}).
 *
 * <p>Two modes, one at a time. <b>Streaming</b> ({@link #startStream}, {@code Trace.start}): a full buffer goes to
 * the writer thread, which encodes it to the stream; {@link #stopStream} stops the world to collect the partly
 * filled buffers of every P, as Go's StopTrace does. <b>Flight recorder</b> ({@link #startRing}, before the runtime
 * starts): every buffer is a ring keeping its last records, written out by {@link #writeRing} (after a fatal error).
 * There an M records into a small ring of its own ({@code M.tracering}, as Go 1.22's tracer keeps a buffer per M)
 * what it does without a P, and its system calls' entries, exits and hand-offs even while it owns one: in
 * {@code ./gort repro 11640 --order legacy} the events that matter are the entry and the late gcWork dispose of
 * the M in the system call. In the shared no-P ring the other Ms' system-call exits had overwritten the dispose,
 * and in the P's ring the scheduling of the next seconds the entry, by the time the broken workbuf was found. The
 * M's own ring holds little else while the M sits in its call.
 *
 * <pre>
 * field            writer                                          readers / mode
 * on               startStream/stopStream with the world stopped   every hook (volatile; a hook tests it first)
 *                  (and under noPLock); startRing before any M     and event, under noPLock for the no-P buffer
 * ring, epoch,     start*, before on is set                        event (published by the volatile on)
 * strings
 * P.tracebuf       the P's owner (pp.m == mp, asserted in debug    the stopper, world stopped; procresize's
 *                  mode); the stopper, world stopped               destroy, world stopped; writeRing, Ms ended
 * noP, retired     holders of noPLock                              the same
 * M.tracering      the M (flight recorder)                         writeRing, Ms ended
 * full, free       queues: any producer; the writer thread takes   -
 * </pre>
 * Invariant: while streaming, every record written is in exactly one of: a P's tracebuf, noP, the full queue, or
 * already encoded; stopStream drains them all, so no event recorded before {@code on} turned false is lost.
 */
public final class Tracer {
    /** Records per streaming buffer (40 bytes each: Go's buffers are 64 KB too). */
    static final int STREAM_RECORDS = 1 << 11;
    /** Records kept per P (and for the no-P buffer) by the flight recorder. */
    public static final int RING_RECORDS = 1 << 15;
    /** Records kept per M by the flight recorder: its events without a P and its system calls (160 KB an M). */
    public static final int M_RING_RECORDS = 1 << 12;
    private static final int MAX_RETIRED_RINGS = 8;
    private static final TraceBuf END = new TraceBuf(1);

    private final Sched sched;
    private final Object noPLock = new Object();
    private volatile boolean on;
    private boolean ring;
    private int records;
    private long epoch;
    private long epochMillis;
    private TraceStrings strings = new TraceStrings();
    private TraceBuf noP;
    private final List<TraceBuf> retired = new ArrayList<>();
    private final LinkedBlockingQueue<TraceBuf> full = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<TraceBuf> free = new LinkedBlockingQueue<>();
    private Thread writer;
    private volatile IOException writeFailure;

    Tracer(Sched sched) {
        this.sched = sched;
    }

    /** True while events are recorded: hooks test this before building an event. */
    public boolean on() {
        return on;
    }

    /**
     * Records one event. mp is the M the caller runs on (null on a thread that is not one of this runtime's Ms);
     * p is the P the event is about (-1 for none), not necessarily mp's.
     *
     * <p>The event is recorded with mp held ({@code acquirem}): the no-P lock, the string table's lock and the
     * full queue's lock may each be contended, and a goroutine's virtual thread that the JDK parked there with
     * {@code m.locks == 0} would count as blocked, and its M would run another goroutine on the P whose buffer
     * this call holds (seen in {@code gort bench --trace}: a buffer written past its end, a goroutine readied
     * while it was still running). Held, the M waits for it, as Go's trace locks block the M.
     */
    public void event(M mp, EventKind kind, int p, long g, long arg, String detail) {
        eventAt(System.nanoTime(), mp, kind, p, g, arg, detail);
    }

    /**
     * {@link #event} at a time the caller has just read ({@code System.nanoTime()}): a park's GO_BLOCK takes the
     * {@code G.waitsince} the park read (a buffer need not be in time order: TraceReader sorts). The clock is the
     * largest part of an event's cost (26 ns a read on the CI machine, of about 50), and a ping-pong round trip
     * has six events.
     */
    public void eventAt(long nanoTime, M mp, EventKind kind, int p, long g, long arg, String detail) {
        if (mp == null) {
            record(nanoTime, null, kind, p, g, arg, detail);
            return;
        }
        mp.acquirem();
        try {
            record(nanoTime, mp, kind, p, g, arg, detail);
        } finally {
            mp.releasem();
        }
    }

    private void record(long nanoTime, M mp, EventKind kind, int p, long g, long arg, String detail) {
        long now = nanoTime - epoch;
        long header = TraceBuf.header(kind.ordinal(), p, strings.id(detail));
        long m = mp == null ? -1 : mp.id;
        P own = mp == null || mp.sched != sched ? null : mp.p;
        if (ring && mp != null && mp.sched == sched && (own == null || isSyscall(kind))) {
            TraceBuf buf = mp.tracering;
            if (buf == null) {
                buf = mp.tracering = new TraceBuf(M_RING_RECORDS);
            }
            buf.addToRing(now, header, m, g, arg);
            return;
        }
        if (own != null) {
            if (Debug.CHECKS && own.m != mp) {
                throw new FatalError("Tracer.event: " + mp + " writes the trace buffer of P" + own.id
                        + ", owned by " + own.m);
            }
            TraceBuf buf = own.tracebuf;
            if (buf == null) {
                buf = own.tracebuf = newBuf();
            }
            own.tracebuf = add(buf, now, header, m, g, arg);
            return;
        }
        synchronized (noPLock) {
            if (!on) {
                return;                              // stopStream has collected the no-P buffer already
            }
            if (noP == null) {
                noP = newBuf();
            }
            noP = add(noP, now, header, m, g, arg);
        }
    }

    private static boolean isSyscall(EventKind kind) {
        return kind == EventKind.SYSCALL_ENTER || kind == EventKind.SYSCALL_EXIT || kind == EventKind.SYSCALL_HANDOFF;
    }

    /** Appends to buf; returns the buffer to write next (a fresh one when a streaming buffer filled up). */
    private TraceBuf add(TraceBuf buf, long now, long header, long m, long g, long arg) {
        if (ring) {
            buf.addToRing(now, header, m, g, arg);
            return buf;
        }
        if (buf.add(now, header, m, g, arg)) {
            full.add(buf);
            return newBuf();
        }
        return buf;
    }

    private TraceBuf newBuf() {
        TraceBuf buf = ring ? null : free.poll();
        return buf != null ? buf : new TraceBuf(records);
    }

    /** Starts the flight recorder. Before the runtime starts (no M runs yet). */
    public void startRing() {
        ring = true;
        records = RING_RECORDS;
        begin();
    }

    private void begin() {
        strings = new TraceStrings();
        epochMillis = System.currentTimeMillis();
        epoch = System.nanoTime();
        synchronized (noPLock) {
            on = true;
        }
    }

    /**
     * Starts streaming the trace to out. Caller runs a goroutine on mp; returns the M it runs on afterwards
     * (stopping the world may move it). Go: StartTrace, which also records every goroutine that already exists.
     */
    public M startStream(M mp, OutputStream out, String reason) {
        mp = sched.world.stopTheWorld(mp, reason);
        try {
            if (on) {
                throw new IllegalStateException("Trace.start: a trace (or the flight recorder) is already on in this"
                        + " runtime; call Trace.stop first");
            }
            ring = false;
            records = STREAM_RECORDS;
            full.clear();
            writeFailure = null;
            begin();
            TraceEncoder encoder;
            try {
                encoder = new TraceEncoder(out, strings, epochMillis);
            } catch (IOException e) {
                synchronized (noPLock) {
                    on = false;
                }
                throw new UncheckedIOException("Trace.start: cannot write the trace's header", e);
            }
            writer = Thread.ofPlatform().daemon().name("gort-trace-writer").start(() -> drain(encoder));
            // Go's StartTrace: the goroutines that exist, in the state they are in (the world is stopped: the
            // caller runs, the others wait, are runnable, or are in system calls).
            for (G gp : sched.allgs.snapshot()) {
                int s = gp.statusVolatile();
                if (s == GStatus.DEAD || s == GStatus.IDLE) {
                    continue;
                }
                event(mp, EventKind.GO_CREATE, -1, gp.goid, gp.parentGoid, "");
                if (gp == mp.curg) {
                    event(mp, EventKind.GO_START, mp.p.id, gp.goid, 0, "");
                } else if (s == GStatus.WAITING) {
                    event(mp, EventKind.GO_BLOCK, -1, gp.goid, 0, gp.waitreason);
                } else if (s == GStatus.SYSCALL) {
                    event(mp, EventKind.GO_START, -1, gp.goid, 0, "");
                    event(mp, EventKind.SYSCALL_ENTER, -1, gp.goid, 0, "");
                }
            }
        } finally {
            sched.world.startTheWorld(mp);
        }
        return mp;
    }

    /** The writer thread: encodes full buffers until the END marker, then the end record. */
    private void drain(TraceEncoder encoder) {
        try {
            while (true) {
                TraceBuf buf = full.take();
                if (buf == END) {
                    break;
                }
                if (writeFailure == null) {
                    encoder.write(buf);
                }
                buf.clear();
                free.offer(buf);
            }
            if (writeFailure == null) {
                encoder.finish();
            }
        } catch (IOException e) {
            writeFailure = e;
        } catch (InterruptedException e) {
            writeFailure = new IOException("the trace writer was interrupted; the trace is incomplete");
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops streaming: stops the world, collects every P's buffer and the no-P buffer, lets the writer finish and
     * waits for it. Caller runs a goroutine on mp; returns the M it runs on afterwards. Go: StopTrace.
     */
    public M stopStream(M mp, String reason) throws IOException {
        mp = sched.world.stopTheWorld(mp, reason);
        Thread w;
        try {
            if (!on || ring) {
                throw new IllegalStateException("Trace.stop: no trace is being streamed in this runtime (Trace.start"
                        + " was not called, or Trace.stop already was)");
            }
            synchronized (noPLock) {
                on = false;
                collect(noP);
                noP = null;
                retired.forEach(this::collect);
                retired.clear();
            }
            for (P pp : sched.allp()) {
                collect(pp.tracebuf);
                pp.tracebuf = null;
            }
            full.add(END);
            w = writer;
            writer = null;
        } finally {
            sched.world.startTheWorld(mp);
        }
        try {
            // Wait without holding a P: the writer may block on a slow stream for long.
            mp.sched.syscall.syscall(mp, mp.curg, () -> {
                w.join();
                return null;
            });
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Trace.stop: interrupted while the trace writer finished", e);
        } catch (Exception e) {
            throw new IOException("Trace.stop: " + e, e);
        }
        free.clear();
        if (writeFailure != null) {
            throw writeFailure;
        }
        return M.current();
    }

    private void collect(TraceBuf buf) {
        if (buf != null && buf.size() > 0) {
            full.add(buf);
        }
    }

    /** A P procresize destroys gives up its buffer. World stopped. */
    void retire(P pp) {
        TraceBuf buf = pp.tracebuf;
        pp.tracebuf = null;
        if (buf == null) {
            return;
        }
        synchronized (noPLock) {
            if (!on) {
                return;
            }
            if (ring) {
                if (retired.size() == MAX_RETIRED_RINGS) {
                    retired.remove(0);
                }
                retired.add(buf);
            } else {
                collect(buf);
            }
        }
    }

    /**
     * Writes the flight recorder's rings (every P's, destroyed Ps' and the no-P one) as a trace file. After the
     * runtime's threads have ended; with threads still running a record being written may be dropped or torn.
     * Returns the number of events written.
     */
    public long writeRing(OutputStream out) throws IOException {
        if (!ring) {
            throw new IllegalStateException("writeRing: the flight recorder is not on in this runtime");
        }
        TraceEncoder encoder = new TraceEncoder(out, strings, epochMillis);
        synchronized (noPLock) {
            for (TraceBuf buf : retired) {
                encoder.write(buf);
            }
            if (noP != null) {
                encoder.write(noP);
            }
        }
        for (P pp : sched.allp()) {
            TraceBuf buf = pp.tracebuf;
            if (buf != null) {
                encoder.write(buf);
            }
        }
        for (M mp : sched.allm) {
            TraceBuf buf = mp.tracering;
            if (buf != null) {
                encoder.write(buf);
            }
        }
        encoder.finish();
        return encoder.events();
    }
}
