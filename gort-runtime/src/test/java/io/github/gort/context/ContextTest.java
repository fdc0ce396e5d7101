package io.github.gort.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Select;
import io.github.gort.runtime.Time;
import io.github.gort.sync.WaitGroup;
import io.github.gort.testing.TestRuntimes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ContextTest {
    @Test
    void cancelPropagatesToDescendantsNotToParent() {
        TestRuntimes.run(2, () -> {
            CancelContext root = Context.withCancel(Context.background());
            CancelContext child = Context.withCancel(root);
            CancelContext grandchild = Context.withCancel(child);
            CancelContext sibling = Context.withCancel(root);
            AtomicInteger stopped = new AtomicInteger();
            WaitGroup wg = new WaitGroup();
            for (Context c : new Context[] {child, grandchild}) {
                wg.go(() -> {
                    c.done().recv();                            // parks until closed
                    stopped.incrementAndGet();
                });
            }
            child.cancel();
            wg.await();
            assertThat(stopped.get()).isEqualTo(2);
            assertThat(child.err()).isEqualTo(ContextError.CANCELED);
            assertThat(grandchild.err()).isEqualTo(ContextError.CANCELED);
            assertThat(root.err()).isNull();
            assertThat(sibling.err()).isNull();
            assertThat(Context.withCancel(child).err()).as("a child of a done context is done").isEqualTo(ContextError.CANCELED);
            root.cancel();
            assertThat(sibling.err()).isEqualTo(ContextError.CANCELED);
            assertThat(Context.background().done().isNil()).isTrue();
        });
    }

    @Test
    void timeoutCancelsWithDeadlineExceeded() {
        TestRuntimes.run(2, () -> {
            try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(10))) {
                Chan<Integer> never = Chan.make();
                int chosen = Select.of().recv(never).recv(ctx.done()).run();
                assertThat(chosen).isEqualTo(1);
                assertThat(ctx.err()).isEqualTo(ContextError.DEADLINE_EXCEEDED);
                assertThat(ctx.err().toString()).isEqualTo("context deadline exceeded");
                assertThat(ctx.deadline()).isPresent();
            }
            CancelContext early = Context.withTimeout(Context.background(), Duration.ofSeconds(30));
            early.cancel();                                     // stops its timer: no 30 s wait at exit
            assertThat(early.err()).isEqualTo(ContextError.CANCELED);
            Time.sleep(Duration.ofMillis(1));
        });
    }
}
