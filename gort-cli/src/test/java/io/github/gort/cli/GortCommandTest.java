package io.github.gort.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gort program end to end, in subprocesses: output and exit status, as Go's crash_test checks its programs. */
class GortCommandTest {
    @Test
    void helpListsTheCommands() throws Exception {
        GortProcess p = GortProcess.run(Map.of(), "--help");
        assertThat(p.exit()).isZero();
        assertThat(p.out()).contains("run").contains("bench").contains("Exit status");
    }

    /** The start-up choices a user may want to check: goroutine mode, and whether gort-agent preempts loops. */
    @Test
    void versionSaysWhetherLoopsArePreempted() throws Exception {
        GortProcess on = GortProcess.run(Map.of(), "--version");
        assertThat(on.exit()).as(on.err()).isZero();
        assertThat(on.out()).startsWith("gort 0.1.0\n")
                .contains("\ngoroutines: virtualthread\n")
                .contains("\npreemption: loops are preempted: gort-agent puts a poll on their back-edges\n");
        GortProcess off = GortProcess.run(Map.of("GODEBUG", "asyncpreemptoff=1,goroutines=continuation"), "--version");
        assertThat(off.exit()).as(off.err()).isZero();
        assertThat(off.out()).contains("\ngoroutines: continuation\n")
                .contains("\npreemption: loops without runtime calls are not preempted: GODEBUG=asyncpreemptoff=1\n");
    }

    @Test
    void hello() throws Exception {
        GortProcess p = GortProcess.run(Map.of(), "run", "hello");
        assertThat(p.exit()).as(p.err()).isZero();
        assertThat(p.out()).isEqualTo("hello, world\n");
    }

    @Test
    void spawnRunsAMillionGoroutines() throws Exception {
        GortProcess p = GortProcess.run(Map.of(), "run", "spawn");
        assertThat(p.exit()).as(p.err()).isZero();
        assertThat(p.out()).startsWith("spawned and finished 1,000,000 goroutines in ");
    }

    @Test
    void panicPrintsGoFormatAndExits2() throws Exception {
        GortProcess p = GortProcess.run(Map.of(), "run", "panic");
        assertThat(p.exit()).isEqualTo(2);
        assertThat(p.err()).startsWith("panic: java.lang.IllegalStateException: something went wrong in goroutine ")
                .containsPattern("\n\ngoroutine \\d+ \\[running\\]:\nio\\.github\\.gort\\.cli\\.examples\\.Panic\\.lambda\\$main\\$0"
                        + "\\(\\.\\.\\.\\)\n\tPanic\\.java:\\d+\n")         // Go's two lines a frame
                .containsPattern("created by io\\.github\\.gort\\.cli\\.examples\\.Panic\\.main\n\tPanic\\.java:\\d+");
    }

    @Test
    void deadlockIsFatalAndExits2() throws Exception {
        GortProcess p = GortProcess.run(Map.of(), "run", "deadlock");
        assertThat(p.exit()).isEqualTo(2);
        assertThat(p.err()).startsWith("fatal error: all goroutines are asleep - deadlock!\n")
                .contains("goroutine 1 [semacquire]:");
    }

    @Test
    void unknownExampleAndBadArgumentsExit2() throws Exception {
        GortProcess p = GortProcess.run(Map.of(), "run", "nosuch");
        assertThat(p.exit()).isEqualTo(2);
        assertThat(p.err()).contains("unknown example 'nosuch'").contains("hello");
        GortProcess bad = GortProcess.run(Map.of(), "run", "spawn", "many");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("spawn: N must be a whole number, got 'many'");
        GortProcess procs = GortProcess.run(Map.of("GOMAXPROCS", "zero"), "run", "hello");
        assertThat(procs.exit()).isEqualTo(2);
        assertThat(procs.err()).contains("GOMAXPROCS=zero is not a number");
    }

    @Test
    void schedtracePrintsGoLines() throws Exception {
        GortProcess p = GortProcess.run(Map.of("GODEBUG", "schedtrace=100", "GOMAXPROCS", "2"), "run", "syscalls", "1");
        assertThat(p.exit()).as(p.err()).isZero();
        assertThat(p.err().lines().filter(l -> l.startsWith("SCHED ")).toList())
                .isNotEmpty()
                .allMatch(l -> l.matches("SCHED \\d+ms: gomaxprocs=2 idleprocs=\\d+ threads=\\d+ spinningthreads=\\d+"
                        + " idlethreads=\\d+ runqueue=\\d+ \\[\\d+ \\d+\\]"
                        + " stwttsp=\\d+/\\d+us foreachpttsp=\\d+/\\d+us"),
                        "Go 1.19's schedtrace format, then gort's time to safe point");
    }

    @Test
    void scheddetailAddsPMAndGLines() throws Exception {
        GortProcess p = GortProcess.run(Map.of("GODEBUG", "schedtrace=200,scheddetail=1"), "run", "syscalls", "1");
        assertThat(p.exit()).as(p.err()).isZero();
        assertThat(p.err()).containsPattern("SCHED \\d+ms: gomaxprocs=\\d+ .* gcwaiting=0 nmidlelocked=\\d+ stopwait=\\d+ sysmonwait=\\d+")
                .containsPattern("\n  P0: status=\\d schedtick=\\d+ syscalltick=\\d+ m=-?\\d+ runqsize=\\d+ gfreecnt=\\d+")
                .containsPattern("\n  M\\d+: p=-?\\d+ curg=-?\\d+ ")
                .containsPattern("\n  G1: status=\\d")
                .containsPattern("\n  stwttsp: rounds=\\d+ last=\\d+us max=\\d+us longest=")
                .containsPattern("\n  foreachpttsp: rounds=\\d+ last=\\d+us max=\\d+us longest=");
    }
}
