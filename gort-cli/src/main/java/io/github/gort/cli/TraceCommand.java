package io.github.gort.cli;

import io.github.gort.cli.trace.ChromeTraceJson;
import io.github.gort.cli.trace.TraceHtml;
import io.github.gort.trace.TraceEvent;
import io.github.gort.trace.TraceReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gort trace FILE [-o OUT.html] [--json OUT.json]}: draws an execution trace (from {@code gort run --trace},
 * {@code Trace.start} or a flight recording) as one self-contained HTML page ({@link TraceHtml}), and optionally
 * writes its Chrome/Perfetto trace-event JSON ({@link ChromeTraceJson}).
 */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Draw an execution trace (gort run --trace FILE) as a self-contained HTML page: a lane per P"
                + " and per M, goroutine slices, system calls, GC and stop-the-world, unblock arrows.")
final class TraceCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The trace file.")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.html",
            description = "Where to write the page (default: FILE with .html).")
    Path output;

    @Option(names = "--json", paramLabel = "OUT.json",
            description = "Also write the trace as Chrome trace-event JSON (for Perfetto or chrome://tracing).")
    Path json;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) {
            System.err.println("gort trace: " + file + " does not exist or is not a file; record a trace with:"
                    + " ./gort run --trace " + file + " <example>");
            return 2;
        }
        List<TraceEvent> events;
        try {
            events = TraceReader.read(file);
        } catch (IOException e) {
            System.err.println("gort trace: cannot read " + e.getMessage());
            return 2;
        }
        Path html = output != null ? output : defaultOutput(file);
        try {
            Files.writeString(html, TraceHtml.write(events, file.getFileName().toString()), StandardCharsets.UTF_8);
            System.err.println("gort trace: " + events.size() + " events drawn in " + html);
            if (json != null) {
                Files.writeString(json, ChromeTraceJson.write(events), StandardCharsets.UTF_8);
                System.err.println("gort trace: Chrome trace-event JSON written to " + json);
            }
        } catch (IOException e) {
            System.err.println("gort trace: cannot write the output: " + e.getMessage());
            return 2;
        }
        return 0;
    }

    /** FILE with its extension (if any) replaced by .html. */
    static Path defaultOutput(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        return file.resolveSibling(base + ".html");
    }
}
