/**
 * Runtime metrics under Go's {@code runtime/metrics} names: {@link io.github.gort.metrics.Metrics#all()} describes
 * them, {@link io.github.gort.metrics.Metrics#read(io.github.gort.runtime.GoRuntime)} samples a runtime.
 *
 * <p>The names are stable: a name keeps its meaning and unit once published. A name is a path and a unit,
 * {@code /path/to/metric:unit}, exactly Go's where gort has the concept ({@code /sched/goroutines:goroutines},
 * {@code /sched/gomaxprocs:threads}, {@code /gc/cycles/total:gc-cycles}, {@code /gc/heap/allocs:objects},
 * {@code /gc/heap/frees:objects}, {@code /gc/heap/goal:bytes}, {@code /gc/heap/live:bytes}); gort's own metrics
 * start with {@code /gort/}. New metrics may be added; a metric gort stops supporting is dropped from
 * {@code all()}, never renamed.
 */
package io.github.gort.metrics;
