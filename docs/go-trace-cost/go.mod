module gort/docs/go-trace-cost

go 1.19
