package main

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"
)

type streamFlags struct {
	target   targetFlags
	streams  int
	ramp     time.Duration
	duration time.Duration
	ttftMs   float64
	itlMs    float64
	tokens   int
	count    int
	record   bool
	timeout  time.Duration
}

// expectedEndMs is when the last content token is due, from the send time.
func (options *streamFlags) expectedEndMs() float64 {
	return options.ttftMs + float64(max(options.tokens-1, 0))*options.itlMs
}

type streamCounts struct {
	// Started streams, and those that ended with every token, [DONE] and a 200.
	Started   int `json:"started"`
	Completed int `json:"completed"`
	// Measured: completed streams sent inside the measured window, whose timing is summarized.
	Measured int `json:"measured"`
	Failed   int `json:"failed"`
	// TokenMismatch: completed streams whose content events differ from -tokens.
	TokenMismatch int `json:"tokenMismatch"`
	// KernelStampedReads and ReadClockReads: reads with data dated by the kernel's receive time, and by
	// the read's return (no stamp: not Linux, or a wall-clock step).
	KernelStampedReads int `json:"kernelStampedReads"`
	ReadClockReads     int `json:"readClockReads"`
}

type streamResult struct {
	Mode          string       `json:"mode"`
	Streams       int          `json:"streams"`
	RampSeconds   float64      `json:"rampSeconds"`
	WindowSeconds float64      `json:"windowSeconds"`
	Configured    any          `json:"configured"`
	Counts        streamCounts `json:"counts"`
	Errors        errorTally   `json:"errors"`
	// TokensPerSecond: content events received per second over the measured window, all streams.
	TokensPerSecond float64 `json:"tokensPerSecond"`
	// TokensDelivered: content events received over the whole run (ramp and tail included).
	TokensDelivered int64 `json:"tokensDelivered"`
	// Timing errors in ms, observed − configured, with the client's send time as the reference.
	HeadersMs      summary `json:"headersMs"`
	TTFTErrorMs    summary `json:"ttftErrorMs"`
	TTFTAbsErrorMs summary `json:"ttftAbsErrorMs"`
	ITLErrorMs     summary `json:"itlErrorMs"`
	ITLAbsErrorMs  summary `json:"itlAbsErrorMs"`
	// ScheduleErrorMs: every token against its due time from the send, TTFT + i·ITL.
	ScheduleErrorMs summary `json:"scheduleErrorMs"`
	// EndErrorMs: the last token against its due time from the send (TTFT error included).
	EndErrorMs    summary `json:"endErrorMs"`
	EndAbsErrorMs summary `json:"endAbsErrorMs"`
	// DriftMs: the last token's error minus the smallest error of any token of its stream: how far the
	// schedule wandered by the end, apart from the stream's best-case transit and its TTFT error.
	DriftMs         summary  `json:"driftMs"`
	DriftAbsMs      summary  `json:"driftAbsMs"`
	ReadsPerStream  summary  `json:"readsPerStream"`
	CoalescedTokens int64    `json:"coalescedTokens"`
	ClientCPU       cpuUsage `json:"clientCpu"`
}

// streamWorker runs streams one after another on one keep-alive connection and keeps its samples
// locally; they are merged once at the end, so the hot path takes no locks.
type streamWorker struct {
	counts          streamCounts
	errors          errorTally
	headersMs       []float64
	ttftErrorMs     []float64
	itlErrorMs      []float64
	scheduleErrorMs []float64
	endErrorMs      []float64
	driftMs         []float64
	readsPerStream  []float64
	coalescedTokens int64
	// offsetsMs holds the current stream's token arrival offsets from the send time; reused, as are the
	// decoder's buffers.
	offsetsMs []float64
	sseLine   []byte
	sseData   []byte
}

// streamRun is the state of one stream while its bytes arrive.
type streamRun struct {
	worker      *streamWorker
	record      bool
	delivered   *atomic.Int64
	sse         sseDecoder
	sentAt      time.Time
	headersAt   time.Time
	readAt      time.Time
	lastTokenAt time.Time
	tokens      int
	reads       int
	coalesced   int64
	sawDone     bool
	sawError    bool
}

func runStream(args []string) (any, error) {
	options := streamFlags{}
	flags := flag.NewFlagSet("stream", flag.ContinueOnError)
	options.target.register(flags)
	flags.IntVar(&options.streams, "streams", 1, "concurrent streams (one connection each)")
	flags.DurationVar(&options.ramp, "ramp", 0, "stagger the streams' first requests over this time; the window starts after it (with -count every stream is measured)")
	flags.DurationVar(&options.duration, "duration", 10*time.Second, "measured window: new streams start until it ends (ignored with -count)")
	flags.Float64Var(&options.ttftMs, "ttft-ms", 0, "configured TTFT, ms (the reference for errors)")
	flags.Float64Var(&options.itlMs, "itl-ms", 0, "configured ITL, ms")
	flags.IntVar(&options.tokens, "tokens", 0, "configured output tokens per stream (0: do not check)")
	flags.IntVar(&options.count, "count", 0, "streams per connection, then stop (0: start new ones until the window ends)")
	flags.BoolVar(&options.record, "record", true, "record per-token timing (off for pure throughput)")
	flags.DurationVar(&options.timeout, "timeout", 30*time.Second, "extra time a stream may take beyond its configured length")
	if err := flags.Parse(args); err != nil {
		return nil, err
	}
	if options.streams < 1 || options.duration <= 0 {
		return nil, errors.New("-streams must be ≥ 1 and -duration > 0")
	}
	request, err := options.target.request()
	if err != nil {
		return nil, err
	}
	meter := startCPUMeter()
	start := time.Now()
	windowStart := start.Add(options.ramp)
	if options.count > 0 {
		// A fixed number of streams: the ramp only staggers them, and every one is measured.
		windowStart = start
	}
	windowEnd := windowStart.Add(options.duration)
	var delivered atomic.Int64
	workers := make([]*streamWorker, options.streams)
	var group sync.WaitGroup
	for index := range workers {
		worker := &streamWorker{errors: errorTally{}}
		workers[index] = worker
		firstAt := start.Add(time.Duration(int64(options.ramp) * int64(index) / int64(options.streams)))
		group.Go(func() {
			time.Sleep(time.Until(firstAt))
			worker.run(request, &options, windowStart, windowEnd, &delivered)
		})
	}
	var windowTokens, windowSeconds float64
	if options.count > 0 {
		// A fixed number of streams: the rate is over the whole run, which ends when they do.
		group.Wait()
		windowTokens, windowSeconds = float64(delivered.Load()), time.Since(start).Seconds()
	} else {
		time.Sleep(time.Until(windowStart))
		tokensAtStart := delivered.Load()
		time.Sleep(time.Until(windowEnd))
		windowTokens, windowSeconds = float64(delivered.Load()-tokensAtStart), options.duration.Seconds()
		group.Wait()
	}
	result := mergeStreamWorkers(workers, &options, windowTokens/windowSeconds, meter)
	result.WindowSeconds = windowSeconds
	result.TokensDelivered = delivered.Load()
	return result, nil
}

func mergeStreamWorkers(workers []*streamWorker, options *streamFlags, tokensPerSecond float64, meter cpuMeter) streamResult {
	result := streamResult{
		Mode:          "stream",
		Streams:       options.streams,
		RampSeconds:   options.ramp.Seconds(),
		WindowSeconds: options.duration.Seconds(),
		Configured: map[string]any{
			"ttftMs": options.ttftMs, "itlMs": options.itlMs, "tokens": options.tokens,
		},
		Errors:          errorTally{},
		TokensPerSecond: tokensPerSecond,
	}
	var headers, ttft, itl, schedule, end, drift, reads []float64
	for _, worker := range workers {
		result.Counts.Started += worker.counts.Started
		result.Counts.Completed += worker.counts.Completed
		result.Counts.Measured += worker.counts.Measured
		result.Counts.Failed += worker.counts.Failed
		result.Counts.TokenMismatch += worker.counts.TokenMismatch
		result.Counts.KernelStampedReads += worker.counts.KernelStampedReads
		result.Counts.ReadClockReads += worker.counts.ReadClockReads
		result.Errors.merge(worker.errors)
		result.CoalescedTokens += worker.coalescedTokens
		headers = append(headers, worker.headersMs...)
		ttft = append(ttft, worker.ttftErrorMs...)
		itl = append(itl, worker.itlErrorMs...)
		schedule = append(schedule, worker.scheduleErrorMs...)
		end = append(end, worker.endErrorMs...)
		drift = append(drift, worker.driftMs...)
		reads = append(reads, worker.readsPerStream...)
	}
	result.HeadersMs = summarize(headers)
	result.TTFTErrorMs, result.TTFTAbsErrorMs = signedAndAbsolute(ttft)
	result.ITLErrorMs, result.ITLAbsErrorMs = signedAndAbsolute(itl)
	result.ScheduleErrorMs = summarize(schedule)
	result.EndErrorMs, result.EndAbsErrorMs = signedAndAbsolute(end)
	result.DriftMs, result.DriftAbsMs = signedAndAbsolute(drift)
	result.ReadsPerStream = summarize(reads)
	result.ClientCPU = meter.stop()
	return result
}

func (worker *streamWorker) run(
	request *request,
	options *streamFlags,
	windowStart, windowEnd time.Time,
	delivered *atomic.Int64,
) {
	var connection *conn
	defer func() {
		if connection != nil {
			connection.close()
		}
	}()
	timeout := time.Duration(options.expectedEndMs()*float64(time.Millisecond)) + options.timeout
	for attempt := 0; ; attempt++ {
		if options.count > 0 && attempt >= options.count || options.count == 0 && !time.Now().Before(windowEnd) {
			break
		}
		if connection == nil {
			dialed, err := dial(request.address, options.target.readBufferBytes, options.target.dialTimeout)
			if err != nil {
				worker.fail(err.Error())
				time.Sleep(10 * time.Millisecond)
				continue
			}
			connection = dialed
		}
		keepAlive := worker.stream(connection, request, options, timeout, windowStart, delivered)
		if !keepAlive {
			connection.close()
			connection = nil
		}
	}
}

// stream runs one request and records it; it reports whether the connection may be reused.
func (worker *streamWorker) stream(
	connection *conn,
	request *request,
	options *streamFlags,
	timeout time.Duration,
	windowStart time.Time,
	delivered *atomic.Int64,
) bool {
	worker.counts.Started++
	worker.offsetsMs = worker.offsetsMs[:0]
	run := streamRun{worker: worker, record: options.record, delivered: delivered}
	run.sse.line, run.sse.data = worker.sseLine[:0], worker.sseData[:0]
	status, keepAlive, err := connection.exchange(request, time.Now().Add(timeout), &run)
	worker.sseLine, worker.sseData = run.sse.line, run.sse.data
	worker.counts.KernelStampedReads += connection.kernelReads
	worker.counts.ReadClockReads += connection.clockReads
	connection.kernelReads, connection.clockReads = 0, 0
	switch {
	case err != nil:
		worker.fail(err.Error())
		return false
	case status != 200:
		worker.fail(fmt.Sprintf("HTTP %d", status))
		return keepAlive
	case run.sawError:
		worker.fail("error event in stream")
		return keepAlive
	case !run.sawDone || run.sse.pending():
		worker.fail("stream ended without [DONE]")
		return keepAlive
	}
	worker.counts.Completed++
	if options.tokens > 0 && run.tokens != options.tokens {
		worker.counts.TokenMismatch++
		worker.errors.add(fmt.Sprintf("%d content events, %d configured", run.tokens, options.tokens))
		return keepAlive
	}
	worker.coalescedTokens += run.coalesced
	if run.sentAt.Before(windowStart) || !options.record {
		return keepAlive
	}
	worker.counts.Measured++
	worker.record(&run, options)
	return keepAlive
}

// record turns one stream's arrival offsets into errors against the configured schedule: token i is
// due at TTFT + i·ITL after the send time.
func (worker *streamWorker) record(run *streamRun, options *streamFlags) {
	worker.headersMs = append(worker.headersMs, milliseconds(run.headersAt.Sub(run.sentAt)))
	worker.readsPerStream = append(worker.readsPerStream, float64(run.reads))
	offsets := worker.offsetsMs
	if len(offsets) == 0 {
		return
	}
	worker.ttftErrorMs = append(worker.ttftErrorMs, offsets[0]-options.ttftMs)
	smallestError := math.Inf(1)
	for index, offset := range offsets {
		scheduleError := offset - (options.ttftMs + float64(index)*options.itlMs)
		worker.scheduleErrorMs = append(worker.scheduleErrorMs, scheduleError)
		smallestError = min(smallestError, scheduleError)
		if index > 0 {
			worker.itlErrorMs = append(worker.itlErrorMs, offset-offsets[index-1]-options.itlMs)
		}
	}
	last := len(offsets) - 1
	endError := offsets[last] - (options.ttftMs + float64(last)*options.itlMs)
	worker.endErrorMs = append(worker.endErrorMs, endError)
	// Against the stream's own best case rather than the first token: a late first token (request
	// set-up) is TTFT error, and a schedule that drifts shows as its last tokens falling behind.
	worker.driftMs = append(worker.driftMs, endError-smallestError)
}

func (worker *streamWorker) fail(message string) {
	worker.counts.Failed++
	worker.errors.add(message)
}

func (run *streamRun) sent(at time.Time) { run.sentAt = at }

func (run *streamRun) head(_ responseHead, at time.Time) { run.headersAt = at }

func (run *streamRun) payload(data []byte, at time.Time) {
	run.readAt = at
	run.reads++
	before := run.tokens
	run.sse.feed(data, run.onEvent)
	if added := run.tokens - before; added > 0 {
		run.delivered.Add(int64(added))
	}
}

func (run *streamRun) onEvent(data []byte) {
	switch classify(data) {
	case eventContent:
		run.tokens++
		// Several tokens in one read arrived together: their gaps read as 0 and that is what a client sees.
		if run.tokens > 1 && run.readAt.Equal(run.lastTokenAt) {
			run.coalesced++
		}
		run.lastTokenAt = run.readAt
		if run.record {
			run.worker.offsetsMs = append(run.worker.offsetsMs, milliseconds(run.readAt.Sub(run.sentAt)))
		}
	case eventDone:
		run.sawDone = true
	case eventError:
		run.sawError = true
	}
}
