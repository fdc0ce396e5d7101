package io.github.gort.internal.chan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gort.internal.scheduler.RuntimeAccess;
import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.FatalError;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.Received;
import io.github.gort.runtime.Select;
import io.github.gort.runtime.Time;
import io.github.gort.testing.TestRuntimes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Select as the Go specification states it (https://go.dev/ref/spec#Select_statements). */
class SelectSpecTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void readyCasesAreChosenUniformly(int procs) {
        // "If one or more of the communications can proceed, a single one that can proceed is chosen via a
        // uniform pseudo-random selection."
        int cases = 4;
        int trialsPerCase = 10_000;
        int[] hits = new int[cases];
        TestRuntimes.run(procs, () -> {
            @SuppressWarnings("unchecked")
            Chan<Integer>[] chs = new Chan[cases];
            for (int i = 0; i < cases; i++) {
                chs[i] = Chan.make(1);
                chs[i].send(i);
            }
            Select sel = Select.of();
            for (int i = 0; i < cases; i++) {
                int k = i;
                sel.recv(chs[i], v -> {
                    assertThat(v).isEqualTo(k);
                    chs[k].send(k);                           // ready again for the next trial
                });
            }
            for (int t = 0; t < cases * trialsPerCase; t++) {
                hits[sel.run()]++;
            }
        });
        double maxDev = 0;
        for (int h : hits) {
            maxDev = Math.max(maxDev, Math.abs(h - trialsPerCase) / (double) trialsPerCase);
        }
        System.out.printf("select fairness (GOMAXPROCS=%d): %d ready cases x %d trials each: hits %s, max deviation %.2f%%%n",
                procs, cases, trialsPerCase, java.util.Arrays.toString(hits), maxDev * 100);
        assertThat(maxDev).as("max deviation from a uniform choice").isLessThan(0.05);
    }

    @Test
    void defaultRunsOnlyWhenNothingIsReady() {
        // "If there is a default case, that case is chosen" when none can proceed.
        TestRuntimes.run(1, () -> {
            Chan<Integer> ch = Chan.make(1);
            AtomicInteger dflt = new AtomicInteger();
            Select sel = Select.of().recv(ch, v -> { }).onDefault(dflt::incrementAndGet);
            assertThat(sel.run()).isEqualTo(1);
            assertThat(dflt.get()).isEqualTo(1);
            ch.send(7);
            assertThat(sel.run()).isEqualTo(0);
            assertThat(dflt.get()).isEqualTo(1);
            assertThatThrownBy(() -> sel.onDefault(() -> { })).hasMessageContaining("multiple defaults in select");
            // A send case that cannot proceed also falls to default.
            Chan<Integer> full = Chan.make(1);
            full.send(1);
            assertThat(Select.of().send(full, 2).onDefault(() -> { }).run()).isEqualTo(1);
        });
    }

    @Test
    void nilChannelCasesAreNeverReady() {
        TestRuntimes.run(1, () -> {
            Chan<Integer> ready = Chan.make(1);
            ready.send(1);
            for (int i = 0; i < 100; i++) {
                int chosen = Select.of().recv(Chan.<Integer>nil()).send(null, 1).recv(ready, v -> ready.send(v)).run();
                assertThat(chosen).isEqualTo(2);
            }
            assertThat(Select.of().recv(Chan.nil()).onDefault(() -> { }).run()).isEqualTo(1);
        });
        assertThat(TestRuntimes.failure(Config.defaults().gomaxprocs(1),
                () -> Select.of().recv(Chan.nil()).send(Chan.nil(), 1).run()))
                .isInstanceOf(FatalError.class).hasMessageContaining("deadlock");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void sameChannelInSeveralCasesFiresOnceAndLeavesNoStaleWaiter(int procs) {
        TestRuntimes.run(procs, () -> {
            Chan<Integer> ch = Chan.make();
            for (int round = 0; round < 2_000; round++) {
                int r = round;
                Go.go(() -> {
                    ch.send(2 * r);
                    ch.send(2 * r + 1);
                });
                AtomicInteger got = new AtomicInteger(-1);
                int chosen = Select.of().recv(ch, got::set).recv(ch, got::set).recv(ch, got::set).run();
                assertThat(chosen).isBetween(0, 2);
                assertThat(got.get()).isEqualTo(2 * r);
                // The second value must reach a later receive, not a sudog left behind by the select.
                assertThat(ch.recv()).isEqualTo(2 * r + 1);
                assertThat(RuntimeAccess.hchan(ch).recvq.isEmpty()).isTrue();
            }
        });
    }

    @Test
    void sendAndReceiveOfTheSameChannelInOneSelect() {
        TestRuntimes.run(2, () -> {
            Chan<Integer> ch = Chan.make();
            Chan<Integer> done = Chan.make();
            Go.go(() -> {
                Integer v = ch.recv();                         // a partner for the send case
                done.send(v);
            });
            AtomicReference<String> what = new AtomicReference<>();
            Select.of().send(ch, 42, () -> what.set("sent")).recv(ch, v -> what.set("received " + v)).run();
            assertThat(what.get()).isEqualTo("sent");
            assertThat(done.recv()).isEqualTo(42);
        });
    }

    @Test
    void blockedSelectWakesOnClosedChannelAndSendCaseOnClosedChannelThrows() {
        TestRuntimes.run(2, () -> {
            Chan<Integer> a = Chan.make();
            Chan<Integer> b = Chan.make();
            Go.go(() -> {
                Time.sleep(Duration.ofMillis(2));
                b.close();
            });
            AtomicReference<Received<Integer>> r = new AtomicReference<>();
            int chosen = Select.of().recv(a).recvOk(b, r::set).run();
            assertThat(chosen).isEqualTo(1);
            assertThat(r.get()).isEqualTo(new Received<Integer>(null, false));
            assertThatThrownBy(() -> Select.of().send(b, 1).run()).hasMessage("send on closed channel");
            // A blocked send case, closed while it waits.
            Chan<Integer> c = Chan.make();
            Go.go(() -> {
                Time.sleep(Duration.ofMillis(2));
                c.close();
            });
            assertThatThrownBy(() -> Select.of().send(c, 1).recv(a).run()).hasMessage("send on closed channel");
        });
    }

    @Test
    void timeoutWithTimeAfter() {
        TestRuntimes.run(1, () -> {
            Chan<Integer> never = Chan.make();
            long t0 = System.nanoTime();
            int chosen = Select.of().recv(never).recv(Time.after(Duration.ofMillis(20))).run();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(chosen).isEqualTo(1);
            assertThat(ms).isBetween(19L, 2_000L);
        });
    }

    @Test
    void selectOutsideAGoroutineThrows() {
        assertThatThrownBy(() -> Select.of().recv(Chan.make()).run()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("goroutine");
    }
}
