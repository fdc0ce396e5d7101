package io.github.gort.internal.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gctrace line keeps Go 1.19's format (runtime/extern.go): the fields, their separators and Go's two
 * significant digits for milliseconds.
 */
class GcTraceTest {
    private Locale saved;

    @BeforeEach
    void englishDigits() {
        saved = Locale.getDefault();
        Locale.setDefault(Locale.ROOT);
    }

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(saved);
    }

    @Test
    void aCycleLineHasGosFields() {
        long start = 1_000_000_000L;
        GcTrace.Cycle c = new GcTrace.Cycle(7, start + 2_345_678_000L, 11_000, 1_230_000, 450_000, 14L << 20,
                15L << 20, 3L << 20, 8L << 20, false);
        assertThat(GcTrace.line(c, start, 3, 0.028, 7.3, 2)).isEqualTo(
                "gc 7 @2.346s 3%: 0.011+1.2+0.45 ms clock, 0.022+0.028/7.3/0+0.9 ms cpu, 14->15->3 MB, 8 MB goal,"
                        + " 0 MB stacks, 0 MB globals, 2 P");
    }

    @Test
    void aForcedCycleSaysSoAndGogcOffHasNoGoal() {
        GcTrace.Cycle c = new GcTrace.Cycle(1, 0, 12_600_000, 61_000_000, 4_000_000, 0, 1L << 20, 0,
                Long.MAX_VALUE, true);
        assertThat(GcTrace.line(c, 0, 0, 0, 0, 4)).isEqualTo(
                "gc 1 @0.000s 0%: 13+61+4 ms clock, 50+0/0/0+16 ms cpu, 0->1->0 MB, 0 MB goal,"
                        + " 0 MB stacks, 0 MB globals, 4 P (forced)");
    }

    @Test
    void millisecondsHaveTwoSignificantDigitsBelowTen() {
        assertThat(GcTrace.ms(0.0112)).isEqualTo("0.011");
        assertThat(GcTrace.ms(0.45)).isEqualTo("0.45");
        assertThat(GcTrace.ms(4.04)).isEqualTo("4");
        assertThat(GcTrace.ms(4.5)).isEqualTo("4.5");
        assertThat(GcTrace.ms(9.4)).isEqualTo("9.4");
        assertThat(GcTrace.ms(10.4)).isEqualTo("10");
        assertThat(GcTrace.ms(61.5)).isEqualTo("62");
        assertThat(GcTrace.ms(0)).isEqualTo("0");
    }
}
