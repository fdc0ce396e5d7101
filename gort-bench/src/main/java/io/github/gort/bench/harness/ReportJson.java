package io.github.gort.bench.harness;

import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Writes a {@link BenchReport} as JSON: the settings, the machine, the comparison rows (with per-run figures and
 * ratios) and every raw BENCH line, so that later tools can recompute anything from it.
 */
public final class ReportJson {
    private ReportJson() {}

    /** The report as a JSON document. */
    public static String write(BenchReport r) {
        JsonWriter w = new JsonWriter().beginObject();
        w.name("tool").value("gort bench");
        w.name("generated").value(r.generated().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        w.name("command").value(r.command());
        machine(w, r.machine());
        w.name("mode").value(r.mode());
        w.name("runs").value(r.runs());
        w.name("sizes").beginObject()
                .name("n").value(r.sizes().n()).name("nb").value(r.sizes().nb())
                .name("depth").value(r.sizes().depth()).name("iters").value(r.sizes().iters())
                .name("dur_ms").value(r.sizes().durMs()).endObject();
        w.name("notes").beginArray();
        r.notes().forEach(w::value);
        w.endArray();
        w.name("workloads").beginArray();
        for (WorkloadSpec s : r.specs()) {
            w.beginObject().name("name").value(s.name()).name("figure").value(s.figure().key())
                    .name("unit").value(s.figure().unit()).name("measures").value(s.measures()).endObject();
        }
        w.endArray();
        w.name("rows").beginArray();
        r.rows().forEach(row -> row(w, row));
        w.endArray();
        w.name("raw").beginArray();
        for (RunRecord rec : r.records()) {
            for (BenchResult b : rec.results()) {
                w.beginObject().name("workload").value(rec.workload()).name("run").value(rec.run())
                        .name("impl").value(b.impl()).name("line").value(b.toLine()).endObject();
            }
        }
        w.endArray();
        w.name("failures").beginArray();
        r.failures().forEach(w::value);
        w.endArray();
        return w.endObject().toString();
    }

    private static void ratio(JsonWriter w, String name, Optional<Double> ratio) {
        w.name(name);
        if (ratio.isPresent()) {
            w.value(ratio.get());
        } else {
            w.nullValue();
        }
    }

    private static void machine(JsonWriter w, MachineInfo m) {
        w.name("machine").beginObject().name("os").value(m.os()).name("arch").value(m.arch())
                .name("cpus").value(m.cpus()).name("cpu_model").value(m.cpuModel())
                .name("memory_bytes").value(m.memoryBytes()).name("java").value(m.javaVersion()).name("go").value(m.go())
                .endObject();
    }

    private static void row(JsonWriter w, Row row) {
        w.beginObject().name("workload").value(row.workload()).name("name").value(row.name())
                .name("procs").value(row.procs()).name("figure").value(row.figure().key())
                .name("unit").value(row.figure().unit()).name("lower_is_better").value(row.figure().lowerIsBetter());
        w.name("impls").beginObject();
        for (Impl impl : Impl.values()) {
            Cell c = row.cell(impl);
            w.name(impl.label()).beginObject().name("status").value(c.status().name().toLowerCase(java.util.Locale.ROOT));
            Optional<Stats> s = c.stats();
            if (s.isPresent()) {
                w.name("median").value(s.get().median()).name("min").value(s.get().min())
                        .name("max").value(s.get().max());
                w.name("runs").beginArray();
                c.values().forEach(w::value);
                w.endArray();
            } else {
                w.name("note").value(c.note());
            }
            w.endObject();
        }
        w.endObject();
        w.name("ratios").beginObject();
        for (Impl gort : new Impl[] {Impl.GORT, Impl.GORT_CONTINUATION}) {
            for (Impl peer : new Impl[] {Impl.GO, Impl.JDK}) {
                ratio(w, gort.peerName() + "/" + peer.peerName(), row.ratio(gort, peer));
            }
        }
        ratio(w, Impl.GORT.peerName() + "/" + Impl.GORT_CONTINUATION.peerName(), row.modeRatio());
        if (row.shows(Impl.GORT_TRACED)) {
            ratio(w, Impl.GORT_TRACED.peerName() + "/" + Impl.GORT.peerName(), row.traceRatio());
        }
        w.endObject();
        w.endObject();
    }
}
