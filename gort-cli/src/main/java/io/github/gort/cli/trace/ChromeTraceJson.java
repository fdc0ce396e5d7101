package io.github.gort.cli.trace;

import io.github.gort.trace.TraceEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An execution trace as Chrome's trace-event JSON ({@code {"traceEvents":[...]}}, which Perfetto and
 * chrome://tracing open, and which {@link TraceHtml} draws). One process ("gort"), one lane (tid) per P ("P0"...),
 * then one per M ("M3"...), then a "runtime" lane for GC, stop-the-world and forEachP. Times are microseconds.
 *
 * <p>A goroutine's slice ("G7 main.worker") opens at GO_START on its P and ends at the next GO_SCHED, GO_BLOCK,
 * GO_END or SYSCALL_ENTER of the same g, at the next GO_START on that P, or at the trace's end; its args say why it
 * ended ({@code end}, {@code blocked}) and who made it runnable ({@code unblockedBy}). System calls are slices on
 * the M lane. A flow ("s"/"f", one id each) goes from every GO_UNBLOCK to that goroutine's next GO_START.
 * Not thread-safe: one instance per conversion, used by one thread.
 */
public final class ChromeTraceJson {
    /** The lane of GC, stop-the-world and forEachP slices. */
    public static final String RUNTIME_LANE = "runtime";

    private record Open(long g, long start, long unblockedBy, int tid) {}

    private record OpenSyscall(long g, long start, long m, int p) {}

    private record PendingFlow(int id, long nanos, int tid) {}

    private final StringBuilder out = new StringBuilder();
    private boolean firstEvent = true;
    private final Map<String, Integer> tids = new LinkedHashMap<>();
    private final Map<Long, String> functions = new HashMap<>();
    private final Map<Integer, Open> runningOnP = new HashMap<>();
    private final Map<Long, Integer> pOfG = new HashMap<>();
    private final Map<Long, Long> unblocker = new HashMap<>();
    private final Map<Long, PendingFlow> flows = new HashMap<>();
    private final Map<Long, OpenSyscall> syscalls = new HashMap<>();
    private final Map<Long, String> handoffs = new HashMap<>();
    private final Map<String, Long> runtimeOpen = new HashMap<>();
    private final Map<String, String> runtimeNames = new HashMap<>();
    private int nextFlow = 1;

    private ChromeTraceJson() {}

    /** The events (in any order: they are sorted by time, stably) as a Chrome trace-event JSON document. */
    public static String write(List<TraceEvent> events) {
        return new ChromeTraceJson().convert(events);
    }

    /** A goroutine's function as a slice shows it: the JDK's {@code $$Lambda/0x...} suffix of lambdas removed. */
    public static String shortFunction(String function) {
        int lambda = function.indexOf("$$Lambda");
        String f = lambda >= 0 ? function.substring(0, lambda) : function;
        return f.strip();
    }

    private String convert(List<TraceEvent> unsorted) {
        List<TraceEvent> events = new ArrayList<>(unsorted);
        events.sort(Comparator.comparingLong(TraceEvent::nanos));
        assignLanes(events);
        out.append("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[");
        metadata();
        long end = 0;
        for (TraceEvent e : events) {
            end = Math.max(end, e.nanos());
            event(e);
        }
        for (Open o : List.copyOf(runningOnP.values())) {
            closeGoroutine(o.g(), end, "trace end", null);
        }
        for (OpenSyscall s : List.copyOf(syscalls.values())) {
            closeSyscall(s.g(), end, "trace end", -1);
        }
        for (String key : List.copyOf(runtimeOpen.keySet())) {
            closeRuntime(key, end);
        }
        return out.append("]}").toString();
    }

    private void assignLanes(List<TraceEvent> events) {
        TreeSet<Integer> ps = new TreeSet<>();
        TreeSet<Long> ms = new TreeSet<>();
        for (TraceEvent e : events) {
            if (e.p() >= 0) {
                ps.add(e.p());
            }
            if (e.m() >= 0) {
                ms.add(e.m());
            }
        }
        for (int p : ps) {
            tids.put("P" + p, tids.size());
        }
        for (long m : ms) {
            tids.put("M" + m, tids.size());
        }
        tids.put(RUNTIME_LANE, tids.size());
    }

    private void metadata() {
        emit(Map.of("ph", "M", "name", "process_name", "pid", 1, "args", Map.of("name", "gort")));
        for (Map.Entry<String, Integer> lane : tids.entrySet()) {
            emit(ordered("ph", "M", "name", "thread_name", "pid", 1, "tid", lane.getValue(),
                    "args", Map.of("name", lane.getKey())));
            emit(ordered("ph", "M", "name", "thread_sort_index", "pid", 1, "tid", lane.getValue(),
                    "args", Map.of("sort_index", lane.getValue())));
        }
    }

    private void event(TraceEvent e) {
        switch (e.kind()) {
            case GO_CREATE -> functions.put(e.g(), shortFunction(e.detail()));
            case GO_START -> start(e);
            case GO_SCHED -> closeGoroutine(e.g(), e.nanos(), e.detail().isEmpty() ? "sched" : e.detail(), null);
            case GO_BLOCK -> closeGoroutine(e.g(), e.nanos(), "block", e.detail());
            case GO_END -> closeGoroutine(e.g(), e.nanos(), "end", null);
            case SYSCALL_ENTER -> {
                Integer p = pOfG.get(e.g());
                closeGoroutine(e.g(), e.nanos(), "syscall", null);
                long m = e.m();
                if (m >= 0) {
                    syscalls.put(e.g(), new OpenSyscall(e.g(), e.nanos(), m, e.p() >= 0 ? e.p() : p == null ? -1 : p));
                }
            }
            case SYSCALL_EXIT -> closeSyscall(e.g(), e.nanos(), e.detail(), e.p());
            case SYSCALL_HANDOFF -> {
                handoffs.put(e.g(), "P" + e.p());
                instant(e, "handoff P" + e.p());
            }
            case GO_UNBLOCK -> unblock(e);
            case GC_START -> openRuntime("gc" + e.arg(), e.nanos(), "GC " + e.arg());
            case GC_MARK_TERMINATION -> {
                closeRuntime("gc" + e.arg(), e.nanos());
                instantOn(RUNTIME_LANE, e.nanos(), "GC " + e.arg() + " mark termination", "gc");
            }
            case GC_SWEEP_START -> openRuntime("sweep" + e.arg(), e.nanos(), "GC " + e.arg() + " sweep");
            case GC_SWEEP_DONE -> closeRuntime("sweep" + e.arg(), e.nanos());
            case STW_START -> openRuntime("stw", e.nanos(), "STW " + e.detail());
            case STW_DONE -> closeRuntime("stw", e.nanos());
            case FOREACHP_START -> openRuntime("forEachP", e.nanos(), "forEachP " + e.detail());
            case FOREACHP_DONE -> closeRuntime("forEachP", e.nanos());
            case PREEMPT -> instant(e, "preempt G" + e.g());
            case PROC_STEAL -> instant(e, "steal " + e.arg() + " from " + e.detail());
            case SYSMON_RETAKE -> instant(e, "sysmon retake P" + e.p());
            case GCWORK_DISPOSE -> instant(e, "gcWork dispose " + e.detail());
            case FOREACHP_RUN -> instant(e, "forEachP ran");
            case PROC_START, PROC_STOP -> { }
        }
    }

    private void start(TraceEvent e) {
        if (e.p() < 0) {
            return;                       // a start without a P has no lane to draw on
        }
        Open previous = runningOnP.get(e.p());
        if (previous != null) {
            closeGoroutine(previous.g(), e.nanos(), "next start on P" + e.p(), null);
        }
        if (pOfG.containsKey(e.g())) {
            closeGoroutine(e.g(), e.nanos(), "started elsewhere", null);
        }
        int tid = tids.get("P" + e.p());
        Long by = unblocker.remove(e.g());
        runningOnP.put(e.p(), new Open(e.g(), e.nanos(), by == null ? -1 : by, tid));
        pOfG.put(e.g(), e.p());
        PendingFlow flow = flows.remove(e.g());
        if (flow != null) {
            emit(ordered("ph", "s", "id", flow.id(), "pid", 1, "tid", flow.tid(), "ts", micros(flow.nanos()),
                    "name", "unblock G" + e.g(), "cat", "flow"));
            emit(ordered("ph", "f", "bp", "e", "id", flow.id(), "pid", 1, "tid", tid, "ts", micros(e.nanos()),
                    "name", "unblock G" + e.g(), "cat", "flow"));
        }
    }

    private void unblock(TraceEvent e) {
        unblocker.put(e.g(), e.arg());
        Integer byP = e.arg() != 0 ? pOfG.get(e.arg()) : null;
        String lane = byP != null ? "P" + byP : e.p() >= 0 ? "P" + e.p() : RUNTIME_LANE;
        flows.put(e.g(), new PendingFlow(nextFlow++, e.nanos(), tids.get(lane)));
    }

    private void closeGoroutine(long g, long nanos, String end, String blockReason) {
        Integer p = pOfG.remove(g);
        if (p == null) {
            return;
        }
        Open o = runningOnP.remove(p);
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("g", g);
        String function = functions.getOrDefault(g, "");
        args.put("function", function);
        args.put("end", end);
        if (blockReason != null) {
            args.put("blocked", blockReason);
        }
        if (o.unblockedBy() >= 0) {
            args.put("unblockedBy", o.unblockedBy() == 0 ? "runtime" : "G" + o.unblockedBy());
        }
        slice(o.tid(), o.start(), nanos, function.isEmpty() ? "G" + g : "G" + g + " " + function, "goroutine", args);
    }

    private void closeSyscall(long g, long nanos, String exit, int p) {
        OpenSyscall s = syscalls.remove(g);
        if (s == null) {
            return;
        }
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("g", g);
        args.put("function", functions.getOrDefault(g, ""));
        args.put("exit", exit);
        if (s.p() >= 0) {
            args.put("enteredOn", "P" + s.p());
        }
        if (p >= 0) {
            args.put("exitedWith", "P" + p);
        }
        String handoff = handoffs.remove(g);
        if (handoff != null) {
            args.put("handoff", handoff);
        }
        slice(tids.get("M" + s.m()), s.start(), nanos, "syscall G" + g, "syscall", args);
    }

    private void openRuntime(String key, long nanos, String name) {
        runtimeOpen.put(key, nanos);
        runtimeNames.put(key, name.strip());
    }

    private void closeRuntime(String key, long nanos) {
        Long start = runtimeOpen.remove(key);
        if (start == null) {
            return;
        }
        String cat = key.startsWith("gc") || key.startsWith("sweep") ? "gc" : key.equals("stw") ? "stw" : "foreachp";
        slice(tids.get(RUNTIME_LANE), start, nanos, runtimeNames.remove(key), cat, Map.of());
    }

    private void instant(TraceEvent e, String name) {
        String lane = e.p() >= 0 ? "P" + e.p() : e.m() >= 0 ? "M" + e.m() : RUNTIME_LANE;
        instantOn(lane, e.nanos(), name, "instant");
    }

    private void instantOn(String lane, long nanos, String name, String cat) {
        emit(ordered("ph", "i", "s", "t", "pid", 1, "tid", tids.get(lane), "ts", micros(nanos), "name", name,
                "cat", cat));
    }

    private void slice(int tid, long start, long end, String name, String cat, Map<String, Object> args) {
        emit(ordered("ph", "X", "pid", 1, "tid", tid, "ts", micros(start), "dur", micros(Math.max(0, end - start)),
                "name", name, "cat", cat, "args", args));
    }

    /** A number written as is (ts and dur, already formatted). */
    private record Raw(String text) {}

    private static Raw micros(long nanos) {
        return new Raw(Json.micros(nanos));
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private void emit(Map<String, Object> event) {
        if (!firstEvent) {
            out.append(",\n");
        }
        firstEvent = false;
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : event.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            Json.string(out, e.getKey()).append(':');
            if (e.getValue() instanceof Raw raw) {
                out.append(raw.text());
            } else {
                Json.value(out, e.getValue());
            }
        }
        out.append('}');
    }
}
