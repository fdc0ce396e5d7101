package io.github.gort.bench.workloads;


import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import java.util.List;

/**
 * syscall-fast: getppid(2) in a loop through the runtime ({@code Go.syscall}: entersyscall/exitsyscall), then the
 * same call around it (syscall-raw); the difference is gort's enter+exit overhead. Peer: go/syscallfast
 * (syscall.Syscall vs RawSyscall); the JDK has none. Args: {@code [N]} calls (default 10,000,000).
 */
public final class SyscallFastWorkload implements GortWorkload {
    private static volatile int sink;

    @Override
    public void run(List<String> args) throws Exception {
        long n = Measure.arg(args, 0, 10_000_000);
        Config config = Config.fromEnvironment();
        MainGoroutine.run(config, () -> {
            Measure.run("syscall-fast", config.gomaxprocs(), n, () -> {
                int s = 0;
                for (long i = 0; i < n; i++) {
                    s += Go.syscall(Libc::getppid);
                }
                sink = s;
            });
            Measure.run("syscall-raw", config.gomaxprocs(), n, () -> {
                int s = 0;
                for (long i = 0; i < n; i++) {
                    s += Libc.getppid();
                }
                sink = s;
            });
        });
    }
}
