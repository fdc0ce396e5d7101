// Command go-trace-cost measures what Go's own execution tracer (runtime/trace) costs on the pingpong loop of
// ../../../shared/peers/go/pingpong: the same loop, the median of 5 repetitions with the trace off, then 5 with it
// on, in one process. docs/performance.md ("The execution trace's cost") compares it with gort's.
//
//	go run . -n 200000 -procs 1
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/trace"
	"sort"
	"time"
)

func pingpong(n int) time.Duration {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
		close(pong)
	}()
	start := time.Now()
	for i := 0; i < n; i++ {
		ping <- i
		<-pong
	}
	elapsed := time.Since(start)
	close(ping)
	return elapsed
}

// medianNsPerOp runs reps repetitions of n round trips and returns the median ns per round trip.
func medianNsPerOp(n, reps int) float64 {
	var r []float64
	for i := 0; i < reps; i++ {
		r = append(r, float64(pingpong(n).Nanoseconds())/float64(n))
	}
	sort.Float64s(r)
	return r[len(r)/2]
}

func main() {
	n := flag.Int("n", 200_000, "round trips per repetition")
	procs := flag.Int("procs", 1, "GOMAXPROCS")
	flag.Parse()
	runtime.GOMAXPROCS(*procs)
	medianNsPerOp(*n, 2) // warm-up
	off := medianNsPerOp(*n, 5)

	path := filepath.Join(os.TempDir(), "go-trace-cost.trace")
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "go-trace-cost:", err)
		os.Exit(1)
	}
	defer os.Remove(path)
	if err := trace.Start(f); err != nil {
		fmt.Fprintln(os.Stderr, "go-trace-cost: trace.Start:", err)
		os.Exit(1)
	}
	on := medianNsPerOp(*n, 5)
	trace.Stop()
	f.Close()
	st, _ := os.Stat(path)
	fmt.Printf("%s pingpong procs=%d off %.1f ns traced %.1f ns traced/off %.2f (trace %d bytes)\n",
		runtime.Version(), *procs, off, on, on/off, st.Size())
}
