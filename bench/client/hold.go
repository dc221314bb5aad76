package main

import (
	"errors"
	"flag"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

type holdFlags struct {
	target  targetFlags
	streams int
	ramp    time.Duration
	settle  time.Duration
	maxHold time.Duration
}

// holdReady is printed once every stream is open (or the settle time ran out): the moment to sample
// the server's memory.
type holdReady struct {
	Event   string  `json:"event"`
	Streams int     `json:"streams"`
	Opened  int64   `json:"opened"`
	Headers int64   `json:"headers"`
	Seconds float64 `json:"seconds"`
}

type holdResult struct {
	Mode    string `json:"mode"`
	Streams int    `json:"streams"`
	Opened  int64  `json:"opened"`
	Headers int64  `json:"headers"`
	// Ended: streams the server finished or cut while they were meant to be waiting.
	Ended  int64      `json:"ended"`
	Errors errorTally `json:"errors"`
}

// holdExchange counts a stream as open when its request is sent, and as answered at its head.
type holdExchange struct {
	opened  *atomic.Int64
	headers *atomic.Int64
}

func (exchange holdExchange) sent(time.Time)               { exchange.opened.Add(1) }
func (exchange holdExchange) head(responseHead, time.Time) { exchange.headers.Add(1) }
func (exchange holdExchange) payload([]byte, time.Time)    {}

// runHold opens streams that wait (the caller configures a long TTFT), reports when they are all
// open, and keeps them until stdin closes or -max-hold passes.
func runHold(args []string) (any, error) {
	options := holdFlags{}
	flags := flag.NewFlagSet("hold", flag.ContinueOnError)
	options.target.register(flags)
	flags.IntVar(&options.streams, "streams", 1000, "streams to open and hold")
	flags.DurationVar(&options.ramp, "ramp", time.Second, "stagger the connects over this time")
	flags.DurationVar(&options.settle, "settle", 10*time.Second, "after the ramp, wait at most this long for every response head")
	flags.DurationVar(&options.maxHold, "max-hold", 2*time.Minute, "release the streams after this long even if stdin stays open")
	if err := flags.Parse(args); err != nil {
		return nil, err
	}
	if options.streams < 1 {
		return nil, errors.New("-streams must be ≥ 1")
	}
	request, err := options.target.request()
	if err != nil {
		return nil, err
	}
	start := time.Now()
	var opened, headers, ended atomic.Int64
	var tallyLock sync.Mutex
	tally := errorTally{}
	connections := make([]*conn, options.streams)
	var connectionsLock sync.Mutex
	isReleased := false
	released := make(chan struct{})
	var group sync.WaitGroup
	for index := range options.streams {
		firstAt := start.Add(time.Duration(int64(options.ramp) * int64(index) / int64(options.streams)))
		group.Go(func() {
			time.Sleep(time.Until(firstAt))
			connection, err := dial(request.address, options.target.readBufferBytes, options.target.dialTimeout)
			if err == nil {
				connectionsLock.Lock()
				lateDial := isReleased
				connections[index] = connection
				connectionsLock.Unlock()
				if lateDial {
					connection.close()
					return
				}
				_, _, err = connection.exchange(request, start.Add(options.maxHold+time.Minute),
					holdExchange{opened: &opened, headers: &headers})
			}
			select {
			case <-released:
				// Closed by us on release: not a failure.
			default:
				ended.Add(1)
				if err != nil {
					tallyLock.Lock()
					tally.add(err.Error())
					tallyLock.Unlock()
				}
			}
		})
	}

	settleBy := start.Add(options.ramp + options.settle)
	for headers.Load() < int64(options.streams) && time.Now().Before(settleBy) {
		time.Sleep(10 * time.Millisecond)
	}
	printJSON(holdReady{
		Event: "ready", Streams: options.streams, Opened: opened.Load(), Headers: headers.Load(),
		Seconds: time.Since(start).Seconds(),
	})

	stdinClosed := make(chan struct{})
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		close(stdinClosed)
	}()
	select {
	case <-stdinClosed:
	case <-time.After(time.Until(start.Add(options.maxHold))):
	}
	close(released)
	connectionsLock.Lock()
	isReleased = true
	for _, connection := range connections {
		if connection != nil {
			connection.close()
		}
	}
	connectionsLock.Unlock()
	group.Wait()
	return holdResult{
		Mode: "hold", Streams: options.streams, Opened: opened.Load(), Headers: headers.Load(),
		Ended: ended.Load(), Errors: tally,
	}, nil
}
