// The Go program of PanicAllProgram.java: with GOTRACEBACK=all, a panic in main prints every goroutine. Go
// 1.19's output is panicall.go119.txt (GOTRACEBACK=all go run panicall.go 2> panicall.go119.txt;
// the directory of the .go file and the go tool's last line, exit status 2, taken out).
package main

import "time"

func sleeper() {
	time.Sleep(time.Hour)
}

func receiver(c chan int) {
	<-c
}

func main() {
	go sleeper()
	go receiver(make(chan int))
	time.Sleep(100 * time.Millisecond)
	panic("boom")
}
