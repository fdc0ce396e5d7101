package io.github.gort.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes a report to {@code results-<timestamp>.json} and {@code report-<timestamp>.html} in the output directory,
 * and copies them to {@code latest.json} and {@code latest.html}.
 */
public final class ReportFiles {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private ReportFiles() {}

    /** Writes the four files and returns the timestamped JSON and HTML paths. */
    public static List<Path> write(BenchReport report, Path dir) throws IOException {
        Files.createDirectories(dir);
        String stamp = report.generated().format(STAMP);
        Path json = dir.resolve("results-" + stamp + ".json");
        Path html = dir.resolve("report-" + stamp + ".html");
        Files.writeString(json, ReportJson.write(report), StandardCharsets.UTF_8);
        Files.writeString(html, HtmlReport.write(report), StandardCharsets.UTF_8);
        Files.copy(json, dir.resolve("latest.json"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(html, dir.resolve("latest.html"), StandardCopyOption.REPLACE_EXISTING);
        return List.of(json, html);
    }
}
