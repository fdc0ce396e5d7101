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

    /**
     * A trace in TraceReader's documented format (version 2: varints, zigzag for signed ones, time deltas): G7 runs
     * on P0, M3, from 1 µs to 5 µs and blocks on a channel receive.
     */
    private Path writeTrace(String name) throws Exception {
        Path file = dir.resolve(name);
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeBytes("GORTTRC2");
            out.writeByte(0);                                // epoch
            byte[] reason = "chan receive".getBytes(StandardCharsets.UTF_8);
            out.writeByte(0);                                // string 1
            out.writeByte(1);
            out.writeByte(reason.length);
            out.write(reason);
            event(out, EventKind.GO_START, 1000, 0);
            event(out, EventKind.GO_BLOCK, 4000, 1);         // 4 µs after the start
            out.writeByte(0xFF);
            out.writeByte(2);
        }
        return file;
    }

    private static void event(DataOutputStream out, EventKind kind, long dnanos, int detail) throws Exception {
        out.writeByte(kind.ordinal() + 1);
        uvarint(out, dnanos << 1);                          // zigzag of a positive delta
        uvarint(out, 0 + 1);                                 // p + 1
        uvarint(out, 3 << 1);                                // m
        uvarint(out, 7 << 1);                                // g
        uvarint(out, 0);                                     // arg
        uvarint(out, detail);
    }

    private static void uvarint(DataOutputStream out, long v) throws Exception {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
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
