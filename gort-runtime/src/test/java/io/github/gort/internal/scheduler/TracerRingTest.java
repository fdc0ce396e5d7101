package io.github.gort.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Config;
import io.github.gort.trace.EventKind;
import io.github.gort.trace.TraceEvent;
import io.github.gort.trace.TraceReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The flight recorder's rings (Tracer.startRing, writeRing) on a thread-less runtime: what an M records without a
 * P, and its system calls, stay in that M's own ring, however much is recorded meanwhile in the shared no-P ring
 * and in the P's. In the repro of the seed (./gort repro 11640 --order legacy) these are the system call's entry
 * and the late gcWork dispose; in the shared and the P's rings they had been overwritten in 2 of 6 runs.
 */
class TracerRingTest {
    @Test
    void anMsEventsWithoutAPOutliveAFloodInTheSharedRing() throws IOException {
        ModelWorld w = new ModelWorld(Config.defaults(), 1, 1);
        Tracer tracer = w.sched.tracer;
        tracer.startRing();
        M inSyscall = w.ms[1];                               // idle: it owns no P, as an M in a system call
        w.becomeM(inSyscall);
        tracer.event(inSyscall, EventKind.GCWORK_DISPOSE, 0, 0, 7, "gcMarkDone");
        for (int i = 0; i < Tracer.RING_RECORDS + 100; i++) {
            tracer.event(null, EventKind.SYSMON_RETAKE, 0, 0, i, "");   // sysmon and plain threads: the shared ring
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long written = tracer.writeRing(out);
        List<TraceEvent> events = TraceReader.read(new ByteArrayInputStream(out.toByteArray()));

        assertThat(events).hasSize((int) written);
        assertThat(events).filteredOn(e -> e.kind() == EventKind.GCWORK_DISPOSE).singleElement()
                .satisfies(e -> assertThat(e.m()).isEqualTo(inSyscall.id))
                .satisfies(e -> assertThat(e.arg()).isEqualTo(7))
                .satisfies(e -> assertThat(e.detail()).isEqualTo("gcMarkDone"));
        assertThat(events).filteredOn(e -> e.kind() == EventKind.SYSMON_RETAKE)
                .as("the shared ring keeps its last records only").hasSize(Tracer.RING_RECORDS)
                .last().satisfies(e -> assertThat(e.arg()).isEqualTo(Tracer.RING_RECORDS + 99));
    }

    @Test
    void anMsSystemCallEntryOutlivesItsPsRing() throws IOException {
        ModelWorld w = new ModelWorld(Config.defaults(), 1, 0);
        Tracer tracer = w.sched.tracer;
        tracer.startRing();
        M mp = w.ms[0];
        w.becomeM(mp);
        long goid = mp.curg.goid;
        tracer.event(mp, EventKind.SYSCALL_ENTER, 0, goid, 0, "");   // recorded while mp still owns P0
        for (int i = 0; i < Tracer.RING_RECORDS + 100; i++) {
            tracer.event(mp, EventKind.GO_SCHED, 0, goid, i, "");      // the P's ring wraps
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tracer.writeRing(out);
        List<TraceEvent> events = TraceReader.read(new ByteArrayInputStream(out.toByteArray()));

        assertThat(events).filteredOn(e -> e.kind() == EventKind.SYSCALL_ENTER).singleElement()
                .satisfies(e -> assertThat(e.p()).isZero())
                .satisfies(e -> assertThat(e.g()).isEqualTo(goid));
        assertThat(events).filteredOn(e -> e.kind() == EventKind.GO_SCHED)
                .as("the P's ring keeps its last records only").hasSize(Tracer.RING_RECORDS);
    }
}
