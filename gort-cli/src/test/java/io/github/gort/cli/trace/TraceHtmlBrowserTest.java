package io.github.gort.cli.trace;

import static io.github.gort.trace.EventKind.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.gort.trace.EventKind;
import io.github.gort.trace.TraceEvent;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders TraceHtml pages in headless Chromium: the DOM after the script ran (--dump-dom) must hold the lanes and
 * slices, and the screenshot must show goroutine colours inside the P lane's track; a page without slices must
 * fail the same checks. Skipped only when no chromium is on PATH (CI installs it in .ci/run).
 */
class TraceHtmlBrowserTest {
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 300;

    @TempDir
    static Path dir;

    @BeforeAll
    static void needsChromium() throws Exception {
        assumeTrue(onPath("chromium"), "chromium is not on PATH: install it (Debian: apt-get install chromium)"
                + " to run the trace viewer's browser test");
    }

    private static TraceEvent ev(long nanos, EventKind kind, int p, long m, long g, long arg, String detail) {
        return new TraceEvent(nanos, kind, p, m, g, arg, detail);
    }

    @Test
    void pageShowsLanesSlicesAndColours() throws Exception {
        List<TraceEvent> events = List.of(
                ev(0, GO_CREATE, -1, -1, 7, 1, "main.worker$$Lambda/0x1"),
                ev(0, GO_CREATE, -1, -1, 8, 1, "main.feeder"),
                ev(1_000, GO_START, 0, 3, 7, 0, ""),
                ev(400_000, GO_BLOCK, 0, 3, 7, 0, "chan receive"),
                ev(100_000, GO_START, 1, 4, 8, 0, ""),
                ev(500_000, GO_UNBLOCK, 1, 4, 7, 8, ""),
                ev(600_000, SYSCALL_ENTER, 1, 4, 8, 0, ""),
                ev(650_000, GO_START, 0, 3, 7, 0, ""),
                ev(800_000, SYSCALL_EXIT, 1, 4, 8, 0, "fast"),
                ev(820_000, GC_START, -1, 3, 0, 1, ""),
                ev(900_000, GC_MARK_TERMINATION, -1, 3, 0, 1, ""),
                ev(1_000_000, GO_END, 0, 3, 7, 0, ""));
        Rendered page = render("full", TraceHtml.write(events, "synthetic </script> trace"));

        assertThat(page.lanes()).containsExactly("P0", "P1", "M3", "M4", "runtime");
        assertThat(page.dom).contains("data-rendered=\"yes\"");
        assertThat(page.sliceCount("goroutine")).isEqualTo(3);
        assertThat(page.dom).containsPattern("class=\"slice\" data-cat=\"goroutine\" data-g=\"7\"[^>]*>G7 main.worker<");
        assertThat(page.dom).contains("data-blocked=\"chan receive\"").contains("class=\"endmark\"")
                .contains("class=\"flow\"").contains("data-cat=\"syscall\"").contains("class=\"band\" data-cat=\"gc\"");
        assertThat(page.colourPixels("P0", TraceHtml.GOROUTINE_COLOURS)).isGreaterThan(1000);
        assertThat(page.colourPixels("M4", List.of(TraceHtml.SYSCALL_COLOUR))).isGreaterThan(100);
        assertThat(page.colourPixels("runtime", List.of(TraceHtml.GC_COLOUR))).isGreaterThan(100);
    }

    @Test
    void checksFailOnAPageWithoutSlices() throws Exception {
        List<TraceEvent> events = List.of(ev(0, PROC_START, 0, 3, 0, 0, ""), ev(1_000_000, PROC_STOP, 0, 3, 0, 0, ""));
        Rendered page = render("empty", TraceHtml.write(events, "no slices"));

        assertThat(page.lanes()).containsExactly("P0", "M3", "runtime");
        assertThat(page.sliceCount("goroutine")).isZero();
        assertThat(page.colourPixels("P0", TraceHtml.GOROUTINE_COLOURS)).isZero();

        Rendered none = render("none", TraceHtml.write(List.of(), "nothing"));
        assertThat(none.lanes()).doesNotContain("P0");
        assertThat(none.colourPixels("P0", TraceHtml.GOROUTINE_COLOURS)).isZero();
    }

    /** A page as Chromium drew it: the DOM after its script ran, and the screenshot at WIDTH x HEIGHT. */
    private record Rendered(String dom, BufferedImage png) {
        List<String> lanes() {
            List<String> lanes = new ArrayList<>();
            Matcher m = Pattern.compile("<div class=\"lane\" data-lane=\"([^\"]+)\"").matcher(dom);
            while (m.find()) {
                lanes.add(m.group(1));
            }
            return lanes;
        }

        long sliceCount(String cat) {
            return Pattern.compile("class=\"slice\" data-cat=\"" + cat + "\"").matcher(dom).results().count();
        }

        /** Pixels of the lane's track (its data-top/left/width/height) in one of the colours; 0 if no such lane. */
        int colourPixels(String lane, List<String> colours) {
            Matcher m = Pattern.compile("data-lane=\"" + Pattern.quote(lane)
                    + "\" data-top=\"(\\d+)\" data-left=\"(\\d+)\" data-width=\"(\\d+)\" data-height=\"(\\d+)\"").matcher(dom);
            if (!m.find()) {
                return 0;
            }
            int top = Integer.parseInt(m.group(1)), left = Integer.parseInt(m.group(2));
            int w = Integer.parseInt(m.group(3)), h = Integer.parseInt(m.group(4));
            List<Integer> rgb = colours.stream().map(c -> Integer.parseInt(c.substring(1), 16)).toList();
            int n = 0;
            for (int y = top; y < Math.min(top + h, png.getHeight()); y++) {
                for (int x = left; x < Math.min(left + w, png.getWidth()); x++) {
                    if (rgb.contains(png.getRGB(x, y) & 0xFFFFFF)) {
                        n++;
                    }
                }
            }
            return n;
        }
    }

    private static Rendered render(String name, String html) throws Exception {
        Path page = dir.resolve(name + ".html");
        Files.writeString(page, html, StandardCharsets.UTF_8);
        Path png = dir.resolve(name + ".png");
        String dom = chromium(name, "--dump-dom", page.toUri().toString());
        chromium(name, "--screenshot=" + png, page.toUri().toString());
        assertThat(png).as("chromium wrote the screenshot").exists();
        return new Rendered(dom, ImageIO.read(png.toFile()));
    }

    private static String chromium(String name, String mode, String url) throws Exception {
        Path out = dir.resolve(name + mode.replaceAll("[^a-z]", "").substring(0, 6) + ".out");
        Process p = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + dir.resolve("profile-" + name), "--hide-scrollbars",
                "--force-device-scale-factor=1", "--window-size=" + WIDTH + "," + HEIGHT,
                "--virtual-time-budget=5000", mode, url)
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium " + mode + " did not finish in 120 s");
        }
        assertThat(p.exitValue()).as("chromium " + mode + " exit status").isZero();
        return Files.readString(out);
    }

    private static boolean onPath(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        return false;
    }
}
