// The Go program of DeadlockProgram.java: goroutines blocked in each way, then main on a channel receive. Go
// 1.19's output is deadlock.go119.txt (go run deadlock.go 2> deadlock.go119.txt; the directory of
// the .go file and the go tool's last line, exit status 2, taken out).
package main

import (
	"sync"
	"time"
)

func selector(a, b chan int) {
	select {
	case <-a:
	case <-b:
	}
}

func locker(mu *sync.Mutex) {
	mu.Lock()
}

func waiter(wg *sync.WaitGroup) {
	wg.Wait()
}

func sender(c chan int) {
	c <- 1
}

func nilReceiver() {
	var c chan int
	<-c
}

func noCases() {
	select {}
}

func condWaiter(c *sync.Cond) {
	c.L.Lock()
	c.Wait()
}

func main() {
	var mu sync.Mutex
	mu.Lock()
	var wg sync.WaitGroup
	wg.Add(1)
	go selector(make(chan int), make(chan int))
	go locker(&mu)
	go waiter(&wg)
	go sender(make(chan int))
	go nilReceiver()
	go noCases()
	go condWaiter(sync.NewCond(&sync.Mutex{}))
	time.Sleep(100 * time.Millisecond)
	<-make(chan int)
}
