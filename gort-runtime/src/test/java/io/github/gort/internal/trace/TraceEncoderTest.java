package io.github.gort.internal.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.trace.EventKind;
import io.github.gort.trace.TraceEvent;
import io.github.gort.trace.TraceReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the encoder writes, TraceReader reads back: extremes, no-P events, later buffers with earlier times. */
class TraceEncoderTest {
    @Test
    void everyFieldSurvivesTheRoundTrip() throws IOException {
        TraceStrings strings = new TraceStrings();
        TraceBuf p0 = new TraceBuf(4);
        p0.add(1_000, TraceBuf.header(EventKind.GO_START.ordinal(), 0, 0), 0, 7, 0);
        p0.add(5_000, TraceBuf.header(EventKind.GO_BLOCK.ordinal(), 0, strings.id("chan receive")), 0, 7, -1);
        TraceBuf noP = new TraceBuf(4);
        noP.add(2_000, TraceBuf.header(EventKind.SYSMON_RETAKE.ordinal(), 1, strings.id("ïn µs")), -1,
                Long.MAX_VALUE, Long.MIN_VALUE);
        noP.add(3_000, TraceBuf.header(EventKind.GO_UNBLOCK.ordinal(), -1, 0), 3, 1L << 40, 12_345_678_901L);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TraceEncoder encoder = new TraceEncoder(out, strings, 1_700_000_000_000L);
        encoder.write(p0);
        encoder.write(noP);                          // times before p0's last: a negative delta
        encoder.finish();

        List<TraceEvent> events = TraceReader.read(new ByteArrayInputStream(out.toByteArray()));
        assertThat(events).containsExactly(
                new TraceEvent(1_000, EventKind.GO_START, 0, 0, 7, 0, ""),
                new TraceEvent(2_000, EventKind.SYSMON_RETAKE, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, "ïn µs"),
                new TraceEvent(3_000, EventKind.GO_UNBLOCK, -1, 3, 1L << 40, 12_345_678_901L, ""),
                new TraceEvent(5_000, EventKind.GO_BLOCK, 0, 0, 7, -1, "chan receive"));
        assertThat(encoder.events()).isEqualTo(4);
        assertThat(out.size()).as("varints: a small event takes a few bytes").isLessThan(8 + 6 + 4 * 12 + 40);
    }

    @Test
    void aBufferLargerThanTheScratchArrayIsWrittenWhole() throws IOException {
        TraceStrings strings = new TraceStrings();
        TraceBuf big = new TraceBuf(20_000);
        for (int i = 0; i < 20_000; i++) {
            big.add(i * 1_000_000L, TraceBuf.header(EventKind.GO_CREATE.ordinal(), i % 3, 0), i, Long.MAX_VALUE - i,
                    Long.MIN_VALUE + i);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TraceEncoder encoder = new TraceEncoder(out, strings, 0);
        encoder.write(big);
        encoder.finish();

        List<TraceEvent> events = TraceReader.read(new ByteArrayInputStream(out.toByteArray()));
        assertThat(events).hasSize(20_000);
        assertThat(events.get(19_999)).isEqualTo(new TraceEvent(19_999_000_000L, EventKind.GO_CREATE, 19_999 % 3,
                19_999, Long.MAX_VALUE - 19_999, Long.MIN_VALUE + 19_999, ""));
    }
}
