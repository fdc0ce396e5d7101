package io.github.gort.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.trace.EventKind;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TraceCommandTest {
    @TempDir
    Path dir;

    private record Result(int status, String err) {}

    private static Result trace(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int status = new CommandLine(new TraceCommand()).execute(args);
            return new Result(status, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    /** A trace in TraceReader's documented format: G7 runs on P0 from 1 µs to 5 µs and blocks. */
    private Path writeTrace(String name) throws Exception {
        Path file = dir.resolve(name);
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeBytes("GORTTRC1");
            out.writeLong(0);
            out.writeByte(0);
            out.writeInt(1);
            out.writeUTF("chan receive");
            event(out, EventKind.GO_START, 1000, 0);
            event(out, EventKind.GO_BLOCK, 5000, 1);
            out.writeByte(0xFF);
            out.writeLong(2);
        }
        return file;
    }

    private static void event(DataOutputStream out, EventKind kind, long nanos, int detail) throws Exception {
        out.writeByte(kind.ordinal() + 1);
        out.writeLong(nanos);
        out.writeInt(0);
        out.writeLong(3);
        out.writeLong(7);
        out.writeLong(0);
        out.writeInt(detail);
    }

    @Test
    void writesThePageBesideTheTraceAndTheJson() throws Exception {
        Path file = writeTrace("run.trace");
        Path json = dir.resolve("run.json");
        Result r = trace(file.toString(), "--json", json.toString());
        assertThat(r.status()).isZero();
        assertThat(r.err()).contains("2 events drawn in " + dir.resolve("run.html"));
        assertThat(Files.readString(dir.resolve("run.html"))).startsWith("<!DOCTYPE html>")
                .contains("id=\"trace-data\"").contains("G7").contains("chan receive").doesNotContain("src=", "href=", "@import", "url(http");
        assertThat(Files.readString(json)).contains("\"blocked\":\"chan receive\"");
    }

    @Test
    void outputOption() throws Exception {
        Path out = dir.resolve("x.html");
        assertThat(trace(writeTrace("a.trace").toString(), "-o", out.toString()).status()).isZero();
        assertThat(out).exists();
    }

    @Test
    void missingFileAndNotATraceExit2WithAClearMessage() throws Exception {
        Result missing = trace(dir.resolve("nope.trace").toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist").contains("./gort run --trace");
        Path junk = dir.resolve("junk.trace");
        Files.writeString(junk, "hello, this is not a trace");
        Result notTrace = trace(junk.toString());
        assertThat(notTrace.status()).isEqualTo(2);
        assertThat(notTrace.err()).contains("not a gort execution trace");
        assertThat(dir.resolve("junk.html")).doesNotExist();
    }
}
