package io.github.gort.internal.gcwork;

import io.github.gort.diagnosis.WorkbufListViolation;
import io.github.gort.internal.scheduler.Debug;
import io.github.gort.internal.scheduler.M;
import io.github.gort.internal.scheduler.VarHandles;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A GC work buffer: a fixed-size array of grey object ids, plus the link fields of the lock-free stack that holds
 * it on a global list (Go: mgcwork.go, type workbuf; runtime2.go, type lfnode).
 *
 * <p>Buffers live in a {@link WorkbufPool} and are never freed, so every buffer is recycled through the lists many
 * times. That is why {@link LfStack} identifies a buffer by (index, push count) rather than by reference.
 */
public final class Workbuf {
    /*
     * Design
     *
     * Ownership. At any moment a buffer has one holder: a global list, a gcWork slot, or a thread that has it in hand
     * (between a pop and the next push). Only the holder reads or writes nobj and obj; handing over is a push (release
     * CAS on a list head) and a pop (acquire read of the head), which orders the previous holder's writes before the
     * next holder's reads.
     *
     *   field      writer                               other threads may                         mode
     *   index      constructor                          read                                      final
     *   obj, nobj  the holder                           nothing                                   plain
     *   pushcnt    the pusher, before its push          nothing                                   plain
     *   next       the pusher, before its head CAS      read it (a stale popper), value discarded  opaque
     *                                                   when its head CAS fails
     *   where      every mover, by CAS (Debug.CHECKS)   read, to report                           volatile/CAS
     *   pushedBy,  the mover (Debug.CHECKS)             read, to report; best effort, may be      plain
     *   poppedBy,                                       stale
     *   context
     *
     * Invariants
     *   I1  0 <= nobj <= capacity(); obj[0, nobj) are the buffer's objects, all non-zero.
     *   I2  (Debug.CHECKS) where names the buffer's only holder; every move is one CAS from the expected place, so a
     *       second push of the same buffer, or a write by a thread that already gave it up, fails on the spot.
     *   I3  pushcnt grows by one on every push, so the packed word (index, pushcnt) is never reused (LfStack I2).
     *
     * Declaration order: where-tag constants, fields, slot operations, checks, debug bookkeeping.
     */

    /** Default capacity: 253 pointers, Go 1.6's 2048-byte buffer on a 64-bit machine. */
    public static final int DEFAULT_CAPACITY = 253;
    /** The largest capacity accepted; larger buffers only waste memory. */
    public static final int MAX_CAPACITY = 1 << 20;

    // Where-am-I tags (Debug.CHECKS). Ints so that they can be CAS'd; whereName gives the printable form.
    /** Held by a thread between a pop (or allocation) and the next push or caching. */
    static final int IN_HAND = 0;
    /** Cached in a {@link GcWork} slot (wbuf1 or wbuf2). */
    static final int IN_GCWORK = 1;
    static final int ON_FULL = 2;
    static final int ON_EMPTY = 3;
    static final int ON_PARTIAL = 4;
    private static final String[] WHERE_NAMES = {"IN_HAND", "IN_GCWORK", "ON_FULL", "ON_EMPTY", "ON_PARTIAL"};

    private static final VarHandle NEXT = VarHandles.field(MethodHandles.lookup(), Workbuf.class, "next", long.class);
    private static final VarHandle WHERE = VarHandles.field(MethodHandles.lookup(), Workbuf.class, "where", int.class);

    final int index;
    final long[] obj;
    public int nobj;
    long pushcnt;
    @SuppressWarnings("unused") // accessed through NEXT
    private long next;
    @SuppressWarnings("unused") // accessed through WHERE
    private volatile int where = IN_HAND;
    private String pushedBy;
    private String poppedBy;
    private String context;

    Workbuf(int index, int capacity) {
        this.index = index;
        this.obj = new long[capacity];
    }

    /** The buffer's identity in its pool, the number printed in messages ({@code workbuf #7}). Never 0. */
    public int index() {
        return index;
    }

    /** The number of objects held. Only meaningful to the holder. */
    public int nobj() {
        return nobj;
    }

    /** The number of slots. */
    public int capacity() {
        return obj.length;
    }

    @Override
    public String toString() {
        return "workbuf #" + index + " (nobj=" + nobj + ", cap=" + obj.length + ", " + whereName(whereVolatile()) + ")";
    }

    // ---------------------------------------------------------------------------------------------------- slots

    /**
     * Appends obj. Caller holds this buffer (in hand or in its gcWork) and it is not full. Go: mgcwork.go put
     * (the store into {@code wbuf.obj[wbuf.nobj]}).
     */
    void append(long obj) {
        if (Debug.CHECKS) checkWritable("append");
        int n = nobj;
        if (n >= this.obj.length) {
            // Go 1.5 died here with "index out of range" in gcWork.put (golang/go#11640).
            throw new WorkbufListViolation(index, "append: workbuf #" + index + " is full (nobj=" + n + ", cap="
                + this.obj.length + "); " + describeHistory());
        }
        this.obj[n] = obj;
        nobj = n + 1;
    }

    /** Removes and returns the last object. Caller holds this buffer and it is not empty. Go: mgcwork.go tryGet. */
    public long takeLast() {
        if (Debug.CHECKS) checkWritable("takeLast");
        int n = nobj - 1;
        if (n < 0) {
            throw new WorkbufListViolation(index, "takeLast: workbuf #" + index + " has nobj=" + nobj + "; "
                + describeHistory());
        }
        nobj = n;
        return obj[n];
    }

    // ------------------------------------------------------------------------------------------------- checks

    /**
     * Throws "workbuf is empty" unless nobj &gt; 0. Always on, as in Go. {@code op} is the caller's name and
     * {@code event} what happened to the buffer ("popped from work.full"). Go: mgcwork.go checknonempty.
     */
    void checknonempty(String op, String event) {
        if (nobj == 0) {
            throw new WorkbufListViolation(index, op + ": workbuf #" + index + " " + event + " with nobj=0: workbuf is"
                + " empty (" + describeHistory() + ")");
        }
    }

    /** Throws "workbuf is not empty" unless nobj == 0. Always on, as in Go. Go: mgcwork.go checkempty. */
    void checkempty(String op, String event) {
        if (nobj != 0) {
            throw new WorkbufListViolation(index, op + ": workbuf #" + index + " " + event + " with nobj=" + nobj
                + ": workbuf is not empty (" + describeHistory() + ")");
        }
    }

    /** Throws unless 0 &lt; nobj &lt; capacity, Go 1.5's rule for work.partial. Go 1.5: mgcwork.go putpartial. */
    void checkpartial(String op, String event) {
        if (nobj <= 0 || nobj >= obj.length) {
            throw new WorkbufListViolation(index, op + ": workbuf #" + index + " " + event + " with nobj=" + nobj
                + ", cap=" + obj.length + ": workbuf is not partial (" + describeHistory() + ")");
        }
    }

    /** Debug: fails unless the caller's buffer is in hand or in a gcWork, i.e. not on a list. */
    private void checkWritable(String op) {
        int w = whereVolatile();
        if (w != IN_HAND && w != IN_GCWORK) {
            throw new WorkbufListViolation(index, op + ": write to workbuf #" + index + " while it is " + whereName(w)
                + " (expected IN_HAND or IN_GCWORK; nobj=" + nobj + "; " + describeHistory() + ")");
        }
    }

    // ------------------------------------------------------------------------------------------ lfstack links

    long nextOpaque() {
        return (long) NEXT.getOpaque(this);
    }

    /** Opaque: a stale popper may read next concurrently; the head CAS that follows gives the ordering. */
    void setNextOpaque(long packed) {
        NEXT.setOpaque(this, packed);
    }

    // --------------------------------------------------------------------------------------- debug bookkeeping

    int whereVolatile() {
        return where;
    }

    static String whereName(int w) {
        return w >= 0 && w < WHERE_NAMES.length ? WHERE_NAMES[w] : "bad where tag " + w;
    }

    /**
     * Debug: moves the where tag from {@code expect} to {@code to}, or fails naming the buffer, both places and its
     * history. Caller checks Debug.CHECKS. {@code op} names the caller ("putfull").
     */
    void moveWhere(String op, int expect, int to) {
        if (!WHERE.compareAndSet(this, expect, to)) {
            int actual = whereVolatile();
            throw new WorkbufListViolation(index, op + ": workbuf #" + index + " expected " + whereName(expect)
                + " but is " + whereName(actual) + " (moving it to " + whereName(to) + "; nobj=" + nobj + "; "
                + describeHistory() + ")");
        }
    }

    /** Debug: records the pushing thread and the caller's context. Caller checks Debug.CHECKS and holds b. */
    void notePush(String ctx) {
        pushedBy = M.currentThread().getName();
        context = ctx;
    }

    /** Debug: records the popping thread. Caller checks Debug.CHECKS. */
    void notePop() {
        poppedBy = M.currentThread().getName();
    }

    /** Who last pushed and popped this buffer, as far as debug metadata knows, and who is asking now. */
    String describeHistory() {
        if (!Debug.CHECKS) {
            return "caller " + M.currentThread().getName()
                + "; push/pop history is kept only with -Dgort.debug=true";
        }
        String p = pushedBy, q = poppedBy, c = context;
        return "pushed by " + (p == null ? "nobody yet" : p) + (c == null ? "" : " in \"" + c + "\"")
            + "; popped by " + (q == null ? "nobody yet" : q) + "; caller " + M.currentThread().getName();
    }
}
