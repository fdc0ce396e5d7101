package io.github.gort.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code gort dump PID} against JVMs of its own: a gort program that blocks for good (BlockedProgram) dumped in
 * Go's format, through the same code as the command ({@link DumpCommand#dumps}) and through the command itself in a
 * fresh JVM; and the clear failures: no such process, a JVM that runs no gort runtime, a JVM that refuses the
 * attach, a PID that is not a number. Every child JVM is killed when its test ends, passed or failed.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DumpCommandTest {
    private static final Pattern HEADER = Pattern.compile("goroutine [0-9]+ \\[[^\\]]+\\]:");
    private static final Pattern FUNCTION = Pattern.compile("\\S+\\(\\.\\.\\.\\)");
    private static final Pattern LOCATION = Pattern.compile("\t(\\S+:[0-9]+|\\(native method\\))");
    private static final String PROGRAM = BlockedProgram.class.getName();

    @Test
    void dumpsABlockedProgramInGosFormat() throws Exception {
        for (String mode : List.of("virtualthread", "continuation")) {
            try (ChildJvm child = ChildJvm.start(Map.of("GODEBUG", "goroutines=" + mode),
                    BlockedProgram.class, BlockedProgram.READY)) {
                String dump = DumpCommand.dumps(child.pid());
                assertGoShape(dump);
                System.out.println(mode + " mode, gort dump " + child.pid() + ":\n" + dump);
                List<String> blocks = List.of(dump.split("\n\n"));
                assertThat(blocks).as(dump).hasSize(4);
                assertThat(blocks.get(0)).as(dump)
                        .startsWith("goroutine 1 [chan receive]:\n" + PROGRAM + ".main(...)\n")
                        .doesNotContain("created by");
                assertThat(blocks.subList(1, 4)).as(dump).anySatisfy(b -> assertThat(b)
                        .matches("(?s)goroutine [0-9]+ \\[chan receive\\]:\n" + Pattern.quote(PROGRAM)
                                + "\\.receiver\\(\\.\\.\\.\\)\n.*"));
                assertThat(blocks.subList(1, 4)).as(dump).anySatisfy(b -> assertThat(b)
                        .matches("(?s)goroutine [0-9]+ \\[select\\]:\n.*" + Pattern.quote(PROGRAM)
                                + "\\.selector\\(\\.\\.\\.\\)\n.*"));
                assertThat(blocks.subList(1, 4)).as(dump).anySatisfy(b -> assertThat(b)
                        .matches("(?s)goroutine [0-9]+ \\[sleep\\]:\n.*" + Pattern.quote(PROGRAM)
                                + "\\.sleeper\\(\\.\\.\\.\\)\n.*"));
                assertThat(blocks.subList(1, 4)).as(dump)
                        .allSatisfy(b -> assertThat(b).contains("\ncreated by " + PROGRAM + ".main\n"));
            }
        }
    }

    @Test
    void theCommandPrintsTheDumpAndLeavesTheProgramRunning() throws Exception {
        try (ChildJvm child = ChildJvm.start(Map.of(), BlockedProgram.class, BlockedProgram.READY)) {
            GortProcess first = GortProcess.run(Map.of(), "dump", Long.toString(child.pid()));
            assertThat(first.exit()).as(first.err()).isZero();
            assertThat(first.out()).startsWith("goroutine 1 [chan receive]:\n");
            assertGoShape(first.out());
            GortProcess second = GortProcess.run(Map.of(), "dump", Long.toString(child.pid()));
            assertThat(second.exit()).as("a second dump of the same JVM; stderr: %s", second.err()).isZero();
            assertThat(second.out()).isEqualTo(first.out());
            assertThat(child.alive()).as("the program runs on after two dumps").isTrue();
        }
    }

    @Test
    void noSuchProcessSaysSo() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> DumpCommand.dumps(gone.pid())).isInstanceOf(DumpCommand.DumpFailure.class)
                .hasMessage("there is no process " + gone.pid() + "; jps lists the running JVMs and their ids");
        GortProcess p = GortProcess.run(Map.of(), "dump", Long.toString(gone.pid()));
        assertThat(p.exit()).isEqualTo(1);
        assertThat(p.out()).isEmpty();
        assertThat(p.err()).isEqualTo("gort dump: there is no process " + gone.pid()
                + "; jps lists the running JVMs and their ids\n");
    }

    @Test
    void aJvmWithoutAGortRuntimeSaysSoAndWhatToDo() throws Exception {
        try (ChildJvm child = ChildJvm.start(Map.of(), NoRuntime.class, NoRuntime.READY)) {
            assertThatThrownBy(() -> DumpCommand.dumps(child.pid())).isInstanceOf(DumpCommand.DumpFailure.class)
                    .hasMessageStartingWith("JVM " + child.pid() + " runs no gort runtime (it has no MBean"
                            + " io.github.gort:type=Diagnostic,*)")
                    .hasMessageContaining("start the program with ./gort run");
        }
    }

    @Test
    void aJvmThatRefusesTheAttachSaysSo() throws Exception {
        try (ChildJvm child = ChildJvm.start(Map.of(), NoRuntime.class, NoRuntime.READY,
                "-XX:+DisableAttachMechanism")) {
            assertThatThrownBy(() -> DumpCommand.dumps(child.pid())).isInstanceOf(DumpCommand.DumpFailure.class)
                    .hasMessageStartingWith("process " + child.pid())
                    .hasMessageContaining("refused the attach")
                    .hasMessageContaining("without -XX:+DisableAttachMechanism");
        }
    }

    @Test
    void aPidThatIsNotANumberIsAUsageError() throws Exception {
        GortProcess p = GortProcess.run(Map.of(), "dump", "java");
        assertThat(p.exit()).isEqualTo(2);
        assertThat(p.err()).contains("'java' is not a long").contains("Usage: gort dump");
        GortProcess zero = GortProcess.run(Map.of(), "dump", "0");
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).contains("0 is not a process id; give the number of a running JVM (jps lists them)");
    }

    /** Every line has Go's shape: headers, a function line and a tab-indented location, created by, blank lines. */
    private static void assertGoShape(String dump) {
        assertThat(dump).endsWith("\n").doesNotContain("\n\n\n");
        List<String> lines = new ArrayList<>(dump.lines().toList());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            assertThat(line).as("line %d of%n%s", i, dump).matches(HEADER);
            i++;
            while (i < lines.size() && !lines.get(i).isEmpty()) {
                String frame = lines.get(i);
                if (frame.startsWith("created by ")) {
                    assertThat(frame).as(dump).matches("created by \\S+");
                } else {
                    assertThat(frame).as("a function line of%n%s", dump).matches(FUNCTION);
                }
                assertThat(lines.get(i + 1)).as("the location after %s in%n%s", frame, dump).matches(LOCATION);
                i += 2;
            }
        }
    }

    /** A plain Java program, no gort runtime: the JVM DumpCommand must recognise as not a gort program. */
    public static final class NoRuntime {
        static final String READY = "READY";

        public static void main(String[] args) throws InterruptedException {
            System.out.println(READY);
            System.out.flush();
            Thread.sleep(TimeUnit.HOURS.toMillis(1));
        }
    }
}
