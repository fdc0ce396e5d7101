package io.github.gort.cli.trace;

import static io.github.gort.trace.EventKind.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.trace.EventKind;
import io.github.gort.trace.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChromeTraceJsonTest {
    private static TraceEvent ev(long nanos, EventKind kind, int p, long m, long g, long arg, String detail) {
        return new TraceEvent(nanos, kind, p, m, g, arg, detail);
    }

    @Test
    void goroutineSlicesSyscallsGcAndFlows() {
        List<TraceEvent> events = List.of(
                ev(0, GO_CREATE, -1, -1, 7, 1, "main.Worker$$Lambda/0x00007f@1a2b"),
                ev(1000, GO_START, 0, 3, 7, 0, ""),
                ev(5500, GO_BLOCK, 0, 3, 7, 0, "chan receive"),
                ev(6000, GO_START, 1, 4, 8, 0, ""),
                ev(7000, GO_UNBLOCK, 1, 4, 7, 8, ""),
                ev(8000, SYSCALL_ENTER, 1, 4, 8, 0, ""),
                ev(9000, GO_START, 0, 3, 7, 0, ""),
                ev(9500, SYSCALL_EXIT, 1, 4, 8, 0, "fast"),
                ev(10000, GC_START, -1, 3, 0, 1, ""),
                ev(12000, GC_MARK_TERMINATION, -1, 3, 0, 1, ""));
        String json = ChromeTraceJson.write(events);
        assertThat(json).startsWith("{").endsWith("]}")
                .contains("{\"ph\":\"X\",\"pid\":1,\"tid\":0,\"ts\":1.000,\"dur\":4.500,\"name\":\"G7 main.Worker\"")
                .contains("\"blocked\":\"chan receive\"")
                .contains("\"name\":\"syscall G8\"").contains("\"exit\":\"fast\"")
                .contains("\"name\":\"GC 1\"")
                .contains("\"ph\":\"s\",\"id\":1").contains("\"ph\":\"f\",\"bp\":\"e\",\"id\":1")
                .contains("\"unblockedBy\":\"G8\"")
                .contains("\"args\":{\"name\":\"P0\"}").contains("\"args\":{\"name\":\"M4\"}")
                .doesNotContain("$$Lambda");
    }

    @Test
    void escapesForJsonAndScript() {
        assertThat(Json.string(new StringBuilder(), "a\"b\\c\n</script>\u0001").toString())
                .isEqualTo("\"a\\\"b\\\\c\\n\\u003c/script\\u003e\\u0001\"");
        assertThat(Json.micros(1234567)).isEqualTo("1234.567");
        assertThat(Json.micros(5)).isEqualTo("0.005");
    }
}
