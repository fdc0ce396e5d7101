package io.github.gort.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class ReportJsonTest {
    private final JsonObject json = JsonParser.parseString(ReportJson.write(SampleReport.build())).getAsJsonObject();

    @Test
    void holdsSettingsAndMachine() {
        assertThat(json.get("command").getAsString()).isEqualTo("gort bench --quick");
        assertThat(json.get("mode").getAsString()).isEqualTo("quick");
        assertThat(json.get("runs").getAsInt()).isEqualTo(3);
        assertThat(json.getAsJsonObject("sizes").get("n").getAsLong()).isEqualTo(100_000);
        assertThat(json.getAsJsonObject("machine").get("cpu_model").getAsString()).isEqualTo("Test CPU <model>");
        assertThat(json.get("generated").getAsString()).isEqualTo("2025-11-25T09:30:00Z");
    }

    @Test
    void rowsCarryMediansRunsAndRatios() {
        JsonArray rows = json.getAsJsonArray("rows");
        assertThat(rows).hasSize(3);
        JsonObject spawn = rows.get(0).getAsJsonObject();
        assertThat(spawn.get("name").getAsString()).isEqualTo("spawn");
        assertThat(spawn.get("lower_is_better").getAsBoolean()).isTrue();
        JsonObject gort = spawn.getAsJsonObject("impls").getAsJsonObject("gort");
        assertThat(gort.get("status").getAsString()).isEqualTo("ok");
        assertThat(gort.get("median").getAsDouble()).isEqualTo(250.0);
        assertThat(gort.getAsJsonArray("runs")).hasSize(1);
        assertThat(spawn.getAsJsonObject("ratios").get("gort/go").getAsDouble()).isEqualTo(2.5);
        assertThat(spawn.getAsJsonObject("ratios").get("gort/jdk").getAsDouble()).isEqualTo(0.25);
        assertThat(spawn.getAsJsonObject("impls").getAsJsonObject("gort-continuation").get("median").getAsDouble())
                .isEqualTo(200.0);
        assertThat(spawn.getAsJsonObject("ratios").get("gort-continuation/go").getAsDouble()).isEqualTo(2.0);
        assertThat(spawn.getAsJsonObject("ratios").get("gort-continuation/jdk").getAsDouble()).isEqualTo(0.2);
        assertThat(spawn.getAsJsonObject("ratios").get("gort/gort-continuation").getAsDouble()).isEqualTo(1.25);

        JsonObject fast = rows.get(1).getAsJsonObject();
        assertThat(fast.getAsJsonObject("impls").getAsJsonObject("gort").get("status").getAsString())
                .isEqualTo("not_yet");
        assertThat(fast.getAsJsonObject("ratios").get("gort/go").isJsonNull()).isTrue();
    }

    @Test
    void rawLinesAndFailuresAreKept() {
        assertThat(json.getAsJsonArray("raw")).hasSize(6);
        assertThat(json.getAsJsonArray("raw").get(0).getAsJsonObject().get("line").getAsString())
                .isEqualTo("BENCH name=spawn impl=gort procs=2 n=1000 ns_per_op=250.0");
        assertThat(json.getAsJsonArray("failures").get(0).getAsString()).contains("<oops> & \"quoted\"");
    }
}
