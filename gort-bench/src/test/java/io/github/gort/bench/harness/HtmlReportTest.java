package io.github.gort.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    private final Document doc = Jsoup.parse(HtmlReport.write(SampleReport.build()));

    @Test
    void isSelfContainedWithoutScripts() {
        assertThat(doc.select("script")).isEmpty();
        assertThat(doc.select("[src], link[href]")).isEmpty();
        assertThat(doc.title()).isEqualTo("gort bench 2025-11-25 09:30:00 Z");
    }

    @Test
    void showsSettingsAndMachineEscaped() {
        String settings = doc.getElementById("settings").text();
        assertThat(settings).contains("gort bench --quick", "2 x Test CPU <model>", "go1.19.8", "3 runs");
        assertThat(doc.getElementById("notes").text()).contains("no syscall-fast workload yet");
    }

    @Test
    void tableHasOneLinePerImplementationPerRowWithRatiosOnGortsLines() {
        Elements trs = doc.select("table#results tbody tr");
        assertThat(trs).hasSize(3 * 4);   // spawn, syscall-fast, syscall-raw; gort in two modes, go, jdk
        Element gortSpawn = doc.selectFirst("tr[data-row='spawn procs=2'][data-impl=gort]");
        assertThat(gortSpawn.select("td.median").text()).isEqualTo("250.0");
        assertThat(gortSpawn.select("td").get(2).text()).isEqualTo("gort (virtualthread)");
        assertThat(gortSpawn.select("td.ratio").eachText()).containsExactly("2.50", "0.25", "1.25");
        Element contSpawn = doc.selectFirst("tr[data-row='spawn procs=2'][data-impl=gort-continuation]");
        assertThat(contSpawn.select("td").get(2).text()).isEqualTo("gort (continuation)");
        assertThat(contSpawn.select("td.ratio")).extracting(Element::text).containsExactly("2.00", "0.20", "");
        Element gortFast = doc.selectFirst("tr[data-row='syscall-fast procs=2'][data-impl=gort]");
        assertThat(gortFast.text()).contains("not yet");
        assertThat(doc.selectFirst("tr[data-row='syscall-fast procs=2'][data-impl=gort-continuation]").text())
                .contains("not yet");
        Element jdkFast = doc.selectFirst("tr[data-row='syscall-fast procs=2'][data-impl=jdk-vthread]");
        assertThat(jdkFast.select("td").get(4).text()).isEqualTo("-");
    }

    @Test
    void chartHasABarPerRatioAndSaysNotYetForTheRest() {
        Element svg = doc.selectFirst("svg#ratio-chart");
        assertThat(svg).isNotNull();
        Elements bars = svg.select("rect.bar");
        assertThat(bars).extracting(b -> b.attr("data-peer") + "=" + b.attr("data-ratio"))
                .containsExactly("go=2.50", "jdk=0.25", "gort-continuation=1.25");
        assertThat(bars.get(2).select("title").text()).isEqualTo("spawn procs=2 vthread/cont = 1.25");
        Element goBar = bars.get(0);
        Element jdkBar = bars.get(1);
        double center = 250 + 500 / 2.0;
        assertThat(Double.parseDouble(goBar.attr("x"))).isEqualTo(center);            // worse: grows right from 1
        assertThat(Double.parseDouble(jdkBar.attr("x")) + Double.parseDouble(jdkBar.attr("width")))
                .isEqualTo(center);                                                     // better: ends at 1
        assertThat(svg.select("text.no-ratio").eachText()).containsExactly("gort: not yet", "gort: not yet");
    }

    @Test
    void rawLinesAndFailuresAreListed() {
        assertThat(doc.getElementById("raw").text())
                .contains("BENCH name=spawn impl=gort procs=2 n=1000 ns_per_op=250.0");
        assertThat(doc.getElementById("failures").text()).contains("status 2 <oops> & \"quoted\"");
    }
}
