package io.github.gort.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every workload of {@code gort bench}, with the same programs, flags and sizes as {@code peers/run-all.sh}.
 *
 * <p>gort's launches mirror the peers': same sizes, the JDK peer's heap flags, and GOMAXPROCS in the environment
 * where Go's is set there. Each is listed once, for gort's default mode; {@link #named} adds the same launch in
 * the continuation mode ({@link Launch#inContinuationMode()}), so every workload has a line per goroutine mode.
 * Keep this list in step with run-all.sh when the peers change.
 *
 * <p>tcp-echo is the exception in two ways. Its launches are servers run by {@code peers/echo.sh} under Go's
 * load generator ({@link UnderLoad}), gort's being {@code gort run echoserver} (the gort-cli example, so it runs
 * where {@code gort run} is on the class path). And it has a third gort line: {@code echoserver --java-net},
 * plain java.net sockets in goroutines, filed as the row {@code tcp-echo-java.net}; that server needs goroutines
 * that are virtual threads, so it has no continuation-mode line.
 */
public final class Catalog {
    /** The workload names, in the order the command runs them. */
    public static final List<String> NAMES = List.of("spawn", "pingpong", "chan-buffered", "syscall-fast",
            "syscall-block-handoff", "binarytrees", "parked", "schedlatency", "tcp-echo");

    /** The row of gort's java.net echo server (its BENCH lines say tcp-echo; they are filed under this). */
    public static final String TCP_ECHO_JAVA_NET = "tcp-echo-java.net";

    private static final List<String> P1 = List.of("-Djdk.virtualThreadScheduler.parallelism=1");
    private static final List<String> P2 = List.of("-Djdk.virtualThreadScheduler.parallelism=2");
    private static final List<String> P2_NATIVE =
            List.of("-Djdk.virtualThreadScheduler.parallelism=2", "--enable-native-access=ALL-UNNAMED");
    private static final List<String> XMX2 = List.of("-Xmx2g");
    private static final List<String> XMX4 = List.of("-Xmx4g");

    private Catalog() {}

    /** All workloads at {@code sizes}, in {@link #NAMES} order. */
    public static List<WorkloadSpec> all(Sizes sizes) {
        return NAMES.stream().map(n -> named(n, sizes).orElseThrow()).toList();
    }

    /** The workload called {@code name} at {@code sizes}, or empty for a name not in {@link #NAMES}. */
    public static Optional<WorkloadSpec> named(String name, Sizes sizes) {
        String n = Long.toString(sizes.n());
        String nb = Long.toString(sizes.nb());
        String d = Integer.toString(sizes.depth());
        String it = Long.toString(sizes.iters());
        String durMs = Long.toString(sizes.durMs());
        WorkloadSpec spec = switch (name) {
            case "spawn" -> new WorkloadSpec(name, Figure.NS_PER_OP,
                    "create N goroutines that do trivial work and exit, wait for all; ns per goroutine",
                    List.of(Launch.gort(List.of(), name, n),
                            Launch.go("spawn", "-n", n),
                            Launch.jdk(List.of(), "Spawn.java", n)));
            case "pingpong" -> new WorkloadSpec(name, Figure.NS_PER_OP,
                    "two goroutines pass a token over unbuffered channels (JDK: SynchronousQueue); ns per round "
                            + "trip, with 1 and with 2 Ps",
                    List.of(Launch.gortWithProcs(1, name, n), Launch.gortWithProcs(2, name, n),
                            Launch.goWithProcs(1, "pingpong", "-n", n), Launch.goWithProcs(2, "pingpong", "-n", n),
                            Launch.jdk(P1, "PingPong.java", n), Launch.jdk(List.of(), "PingPong.java", n)));
            case "chan-buffered" -> new WorkloadSpec(name, Figure.NS_PER_OP,
                    "one producer, one consumer over a channel of capacity 128 (JDK: ArrayBlockingQueue); ns per item",
                    List.of(Launch.gort(List.of(), name, nb),
                            Launch.go("chanbuffered", "-n", nb),
                            Launch.jdk(List.of(), "ChanBuffered.java", nb)));
            case "syscall-fast" -> new WorkloadSpec(name, Figure.NS_PER_OP,
                    "a cheap real system call (getppid) through the runtime (syscall-fast) and around it "
                            + "(syscall-raw); the difference is enter+exit overhead; no JDK peer",
                    List.of(Launch.gort(List.of(), name, nb),
                            Launch.go("syscallfast", "-n", nb)));
            case "syscall-block-handoff" -> new WorkloadSpec(name, Figure.SLOWDOWN,
                    "CPU work slowdown while 8 goroutines each block 1 ms up to 200 times in a system call (JDK: "
                            + "Thread.sleep, which unmounts, and -native: libc nanosleep, which keeps its carrier)",
                    List.of(Launch.gort(List.of(), name, it),
                            Launch.go("blockhandoff", "-iters", it),
                            Launch.jdk(P2_NATIVE, "BlockHandoff.java", it),
                            Launch.jdk(P2_NATIVE, "BlockHandoff.java", it, "native")));
            case "binarytrees" -> new WorkloadSpec(name, Figure.WALL_MS,
                    "Benchmarks Game allocation/GC workload, sequential and with one goroutine per depth; wall time",
                    List.of(Launch.gort(XMX2, name, d), Launch.gort(XMX2, name, d, "parallel"),
                            Launch.go("binarytrees", "-depth", d), Launch.go("binarytrees", "-depth", d, "-parallel"),
                            Launch.jdk(XMX2, "BinaryTrees.java", d), Launch.jdk(XMX2, "BinaryTrees.java", d, "parallel")));
            case "parked" -> new WorkloadSpec(name, Figure.BYTES_PER_G,
                    "resident bytes per parked goroutine, N of them blocked on a receive (JDK: a latch)",
                    List.of(Launch.gort(XMX4, name, n),
                            Launch.go("parked", "-n", n),
                            Launch.jdk(XMX4, "Parked.java", n)));
            case "schedlatency" -> new WorkloadSpec(name, Figure.P99_US,
                    "p99 lateness of a 1 ms sleeper while two goroutines spin without calls (P=2)",
                    List.of(Launch.gort(List.of(), name, durMs),
                            Launch.go("schedlatency", "-dur", sizes.goDuration()),
                            Launch.jdk(P2, "SchedLatency.java", durMs)));
            case "tcp-echo" -> tcpEcho(sizes);
            default -> null;
        };
        return Optional.ofNullable(spec).map(s -> s.name().equals("tcp-echo") ? s : inBothModes(s));
    }

    /**
     * tcp-echo: echo.sh with one server per launch (gort's net in both modes, gort's java.net server, Go's and the
     * JDK's builtins), each under the same go/echoload; the figures are echoload's.
     */
    private static WorkloadSpec tcpEcho(Sizes sizes) {
        List<String> echo = sizes.echoArgs();
        Launch gortNet = Launch.gortEchoServer("tcp-echo", echo, "echoserver");
        return new WorkloadSpec("tcp-echo", Figure.ROUND_TRIPS_PER_S,
                "echo servers on loopback under one load generator (peers/echo.sh, go/echoload): every connection "
                        + "sends 64 bytes and waits for the echo, again and again (1,000 connections for 3 s; "
                        + "--quick: 200 for 1 s); gort's net in both goroutine modes, and as tcp-echo-java.net a "
                        + "plain java.net server in goroutines (virtual threads); P=2",
                List.of(gortNet, Launch.gortEchoServer(TCP_ECHO_JAVA_NET, echo, "echoserver", "--java-net"),
                        gortNet.inContinuationMode(), Launch.echoPeer(Impl.GO, echo), Launch.echoPeer(Impl.JDK, echo)),
                List.of(Figure.P50_LATENCY_US, Figure.P99_LATENCY_US, Figure.BYTES_PER_CONN, Figure.THREADS,
                        Figure.ERRORS));
    }

    /** {@code spec} with each of gort's launches also in the continuation mode, and traced (for --trace). */
    private static WorkloadSpec inBothModes(WorkloadSpec spec) {
        List<Launch> launches = new ArrayList<>(spec.launches());
        spec.launchesOf(Impl.GORT).forEach(l -> launches.add(l.inContinuationMode()));
        spec.launchesOf(Impl.GORT).forEach(l -> launches.add(l.traced()));
        return spec.withLaunches(launches);
    }
}
