package main

import (
	"errors"
	"flag"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

type unaryFlags struct {
	target      targetFlags
	connections int
	warmup      time.Duration
	duration    time.Duration
	timeout     time.Duration
}

type unaryResult struct {
	Mode              string         `json:"mode"`
	Connections       int            `json:"connections"`
	WarmupSeconds     float64        `json:"warmupSeconds"`
	WindowSeconds     float64        `json:"windowSeconds"`
	Requests          int64          `json:"requests"`
	RequestsPerSecond float64        `json:"requestsPerSecond"`
	Failures          int            `json:"failures"`
	Errors            errorTally     `json:"errors"`
	BodyBytes         int64          `json:"bodyBytes"`
	LatencyMs         summary        `json:"latencyMs"`
	ClientCPU         cpuUsage       `json:"clientCpu"`
	StatusCounts      map[string]int `json:"statusCounts"`
}

// unaryWorker is one closed-loop connection: a new request as soon as the previous response is in.
type unaryWorker struct {
	latenciesMs  []float64
	failures     int
	errors       errorTally
	statusCounts map[string]int
	bodyBytes    int64
}

// runUnary measures request throughput over a window that starts after a warm-up, so connection
// set-up and the server's JIT warm-up stay out of the rate.
func runUnary(args []string) (any, error) {
	options := unaryFlags{}
	flags := flag.NewFlagSet("unary", flag.ContinueOnError)
	options.target.register(flags)
	flags.IntVar(&options.connections, "connections", 32, "concurrent keep-alive connections")
	flags.DurationVar(&options.warmup, "warmup", 2*time.Second, "time before the measured window")
	flags.DurationVar(&options.duration, "duration", 10*time.Second, "measured window")
	flags.DurationVar(&options.timeout, "timeout", 10*time.Second, "per-request timeout")
	if err := flags.Parse(args); err != nil {
		return nil, err
	}
	if options.connections < 1 || options.duration <= 0 {
		return nil, errors.New("-connections must be ≥ 1 and -duration > 0")
	}
	request, err := options.target.request()
	if err != nil {
		return nil, err
	}
	meter := startCPUMeter()
	start := time.Now()
	windowStart := start.Add(options.warmup)
	windowEnd := windowStart.Add(options.duration)
	var completed atomic.Int64
	workers := make([]*unaryWorker, options.connections)
	var group sync.WaitGroup
	for index := range workers {
		worker := &unaryWorker{errors: errorTally{}, statusCounts: map[string]int{}}
		workers[index] = worker
		group.Go(func() {
			worker.run(request, &options, windowStart, windowEnd, &completed)
		})
	}
	time.Sleep(time.Until(windowStart))
	countAtStart := completed.Load()
	time.Sleep(time.Until(windowEnd))
	countAtEnd := completed.Load()
	group.Wait()

	result := unaryResult{
		Mode:          "unary",
		Connections:   options.connections,
		WarmupSeconds: options.warmup.Seconds(),
		WindowSeconds: options.duration.Seconds(),
		Requests:      countAtEnd - countAtStart,
		Errors:        errorTally{},
		StatusCounts:  map[string]int{},
	}
	result.RequestsPerSecond = float64(result.Requests) / options.duration.Seconds()
	var latencies []float64
	for _, worker := range workers {
		latencies = append(latencies, worker.latenciesMs...)
		result.Failures += worker.failures
		result.Errors.merge(worker.errors)
		for status, count := range worker.statusCounts {
			result.StatusCounts[status] += count
		}
		result.BodyBytes = max(result.BodyBytes, worker.bodyBytes)
	}
	result.LatencyMs = summarize(latencies)
	result.ClientCPU = meter.stop()
	return result, nil
}

func (worker *unaryWorker) run(
	request *request,
	options *unaryFlags,
	windowStart, windowEnd time.Time,
	completed *atomic.Int64,
) {
	var connection *conn
	defer func() {
		if connection != nil {
			connection.close()
		}
	}()
	for time.Now().Before(windowEnd) {
		if connection == nil {
			dialed, err := dial(request.address, options.target.readBufferBytes, options.target.dialTimeout)
			if err != nil {
				worker.fail(err.Error())
				time.Sleep(10 * time.Millisecond)
				continue
			}
			connection = dialed
		}
		exchange := unaryExchange{}
		status, keepAlive, err := connection.exchange(request, time.Now().Add(options.timeout), &exchange)
		finishedAt := time.Now()
		if err != nil || !keepAlive {
			connection.close()
			connection = nil
		}
		if err != nil {
			worker.fail(err.Error())
			continue
		}
		worker.statusCounts[fmt.Sprint(status)]++
		if status != 200 {
			worker.fail(fmt.Sprintf("HTTP %d", status))
			continue
		}
		worker.bodyBytes = exchange.bodyBytes
		completed.Add(1)
		if !finishedAt.Before(windowStart) && finishedAt.Before(windowEnd) {
			worker.latenciesMs = append(worker.latenciesMs, milliseconds(finishedAt.Sub(exchange.sentAt)))
		}
	}
}

func (worker *unaryWorker) fail(message string) {
	worker.failures++
	worker.errors.add(message)
}

// unaryExchange keeps what the unary mode needs from one response: when it was sent and its size.
type unaryExchange struct {
	sentAt    time.Time
	bodyBytes int64
}

func (exchange *unaryExchange) sent(at time.Time)            { exchange.sentAt = at }
func (exchange *unaryExchange) head(responseHead, time.Time) {}
func (exchange *unaryExchange) payload(data []byte, _ time.Time) {
	exchange.bodyBytes += int64(len(data))
}
