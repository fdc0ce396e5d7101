/**
 * JMH microbenchmarks of gort's hot paths. Run: {@code java -jar gort-bench/target/benchmarks.jar -f 1 -wi 3 -i 5}
 * (docs/performance.md).
 */
package io.github.gort.bench.jmh;
