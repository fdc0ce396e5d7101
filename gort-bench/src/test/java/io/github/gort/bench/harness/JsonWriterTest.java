package io.github.gort.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
    @Test
    void escapesAndNestsSoThatAParserAgrees() {
        String text = new JsonWriter().beginObject()
                .name("s").value("a\"b\\c\nd\u0001")
                .name("empty").beginArray().endArray()
                .name("list").beginArray().value(1L).value(2.5).nullValue().value(Double.NaN).endArray()
                .name("o").beginObject().name("t").value(true).endObject()
                .endObject().toString();
        JsonObject o = JsonParser.parseString(text).getAsJsonObject();
        assertThat(o.get("s").getAsString()).isEqualTo("a\"b\\c\nd\u0001");
        assertThat(o.getAsJsonArray("empty")).isEmpty();
        assertThat(o.getAsJsonArray("list").get(1).getAsDouble()).isEqualTo(2.5);
        assertThat(o.getAsJsonArray("list").get(3).isJsonNull()).isTrue();
        assertThat(o.getAsJsonObject("o").get("t").getAsBoolean()).isTrue();
    }

    @Test
    void misuseIsABugAndThrows() {
        assertThatThrownBy(() -> new JsonWriter().beginObject().value("x"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("name() first");
        assertThatThrownBy(() -> new JsonWriter().beginArray().endObject())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().beginObject().toString())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("still open");
    }
}
