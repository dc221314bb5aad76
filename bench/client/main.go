// Command tokenpace-bench-client is the independent load client of the emulator benchmarks: a
// separate process on loopback that drives the emulator and times what arrives, so the numbers do
// not depend on the emulator's own view of itself. Modes:
//
//	unary   closed loop over C keep-alive connections for D seconds: requests/s and latency.
//	stream  S concurrent streams: every SSE content event stamped with the monotonic clock as its
//	        bytes arrive; TTFT, ITL and end-of-stream errors against the configured timing.
//	hold    open S streams and keep them waiting until stdin closes (memory benchmark).
//
// Each mode prints one JSON object on stdout (hold prints a "ready" line first). Timing headers are
// passed with -header, so the client carries no knowledge of the emulator's header names.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"
)

type headerList []string

func (list *headerList) String() string { return strings.Join(*list, ", ") }

func (list *headerList) Set(value string) error {
	*list = append(*list, value)
	return nil
}

// targetFlags are shared by every mode: where to send what.
type targetFlags struct {
	url             string
	method          string
	headers         headerList
	body            string
	readBufferBytes int
	dialTimeout     time.Duration
}

func (target *targetFlags) register(flags *flag.FlagSet) {
	flags.StringVar(&target.url, "url", "http://127.0.0.1:8080/v1/chat/completions", "request URL (http only)")
	flags.StringVar(&target.method, "method", "POST", "HTTP method")
	flags.Var(&target.headers, "header", "request header as name:value (repeatable)")
	flags.StringVar(&target.body, "body", "", "request body (JSON)")
	flags.IntVar(&target.readBufferBytes, "read-buffer", 16*1024, "bytes per read on each connection")
	flags.DurationVar(&target.dialTimeout, "dial-timeout", 5*time.Second, "connect timeout")
}

func (target *targetFlags) request() (*request, error) {
	parsed, err := url.Parse(target.url)
	if err != nil {
		return nil, err
	}
	return newRequest(parsed, target.method, target.headers, target.body)
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: tokenpace-bench-client unary|stream|hold [flags]  (-h for flags)")
		os.Exit(2)
	}
	var result any
	var err error
	switch mode, args := os.Args[1], os.Args[2:]; mode {
	case "unary":
		result, err = runUnary(args)
	case "stream":
		result, err = runStream(args)
	case "hold":
		result, err = runHold(args)
	default:
		err = fmt.Errorf("unknown mode %q (unary, stream, hold)", mode)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "tokenpace-bench-client:", err)
		os.Exit(1)
	}
	printJSON(result)
}

func printJSON(value any) {
	encoded, err := json.Marshal(value)
	if err != nil {
		fmt.Fprintln(os.Stderr, "tokenpace-bench-client:", err)
		os.Exit(1)
	}
	fmt.Println(string(encoded))
}

// errorTally counts failures by message, keeping a bounded number of distinct messages.
type errorTally map[string]int

const maxDistinctErrors = 16

func (tally errorTally) add(message string) {
	if _, known := tally[message]; known || len(tally) < maxDistinctErrors {
		tally[message]++
		return
	}
	tally["(other errors)"]++
}

func (tally errorTally) merge(other errorTally) {
	for message, count := range other {
		for range count {
			tally.add(message)
		}
	}
}

func milliseconds(duration time.Duration) float64 {
	return float64(duration.Nanoseconds()) / 1e6
}
