package main

import (
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// sseServer streams `tokens` content chunks, one every itl after ttft, as the emulator does.
func sseServer(t *testing.T, tokens int, ttft, itl time.Duration) *httptest.Server {
	t.Helper()
	server := httptest.NewServer(http.HandlerFunc(func(writer http.ResponseWriter, request *http.Request) {
		start := time.Now()
		flusher := writer.(http.Flusher)
		writer.Header().Set("content-type", "text/event-stream")
		fmt.Fprint(writer, "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n")
		flusher.Flush()
		for index := range tokens {
			time.Sleep(time.Until(start.Add(ttft + time.Duration(index)*itl)))
			fmt.Fprintf(writer, "data: {\"choices\":[{\"delta\":{\"content\":\" w%d\"}}]}\n\n", index)
			flusher.Flush()
		}
		fmt.Fprint(writer, "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n")
	}))
	t.Cleanup(server.Close)
	return server
}

func TestStreamWorkerTimesEveryTokenAndReusesTheConnection(t *testing.T) {
	const tokens = 5
	server := sseServer(t, tokens, 20*time.Millisecond, 10*time.Millisecond)
	target, _ := url.Parse(server.URL + "/v1/chat/completions")
	request, err := newRequest(target, "POST", []string{"x-output-length: 5"}, `{"stream":true}`)
	if err != nil {
		t.Fatal(err)
	}
	connection, err := dial(request.address, 4096, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer connection.close()
	options := streamFlags{ttftMs: 20, itlMs: 10, tokens: tokens, record: true}
	worker := &streamWorker{errors: errorTally{}}
	var delivered atomic.Int64
	for attempt := range 2 {
		if keepAlive := worker.stream(connection, request, &options, 5*time.Second, time.Time{}, &delivered); !keepAlive {
			t.Fatalf("stream %d: connection not reusable; errors %v", attempt, worker.errors)
		}
	}
	checkReadClocks(t, &worker.counts)
	if worker.counts != (streamCounts{Started: 2, Completed: 2, Measured: 2}) || delivered.Load() != 2*tokens {
		t.Fatalf("counts %+v, delivered %d, errors %v", worker.counts, delivered.Load(), worker.errors)
	}
	if len(worker.ttftErrorMs) != 2 || len(worker.itlErrorMs) != 2*(tokens-1) || len(worker.driftMs) != 2 || len(worker.endErrorMs) != 2 {
		t.Fatalf("samples: ttft %d, itl %d, drift %d, end %d",
			len(worker.ttftErrorMs), len(worker.itlErrorMs), len(worker.driftMs), len(worker.endErrorMs))
	}
	// Generous bounds: a token can never arrive before its due time from the send, and a loaded CI box may be slow.
	for index, end := range worker.endErrorMs {
		if end < 0 || end > 500 {
			t.Errorf("end error %v ms outside [0, 500]", end)
		}
		// Drift is the end error above the stream's smallest schedule error, so 0 ≤ drift ≤ end − TTFT error's
		// floor; with the first token as one of the candidates it is at least end − TTFT error.
		drift := worker.driftMs[index]
		if drift < 0 || drift > end || drift < end-worker.ttftErrorMs[index]-1e-9 {
			t.Errorf("drift %v ms, end error %v ms, ttft error %v ms", drift, end, worker.ttftErrorMs[index])
		}
	}
}

func TestStreamWorkerCountsAMismatchedTokenCount(t *testing.T) {
	server := sseServer(t, 3, 0, 0)
	target, _ := url.Parse(server.URL)
	request, _ := newRequest(target, "POST", nil, `{"stream":true}`)
	connection, err := dial(request.address, 4096, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer connection.close()
	options := streamFlags{tokens: 4, record: true}
	worker := &streamWorker{errors: errorTally{}}
	var delivered atomic.Int64
	worker.stream(connection, request, &options, 5*time.Second, time.Time{}, &delivered)
	checkReadClocks(t, &worker.counts)
	if worker.counts != (streamCounts{Started: 1, Completed: 1, TokenMismatch: 1}) || worker.errors["3 content events, 4 configured"] != 1 {
		t.Fatalf("counts %+v, errors %v", worker.counts, worker.errors)
	}
}

func TestRecordComputesErrorsAgainstTheAbsoluteSchedule(t *testing.T) {
	// TTFT 100, ITL 10: due at 100, 110, 120, 130. Token 0 is 3 ms late, token 1 on time+1, token 2 late by
	// 2 and token 3 late by 5: the end error is 5, the best case 1, so the drift is 4.
	options := streamFlags{ttftMs: 100, itlMs: 10}
	worker := &streamWorker{offsetsMs: []float64{103, 111, 122, 135}}
	start := time.Unix(0, 0)
	worker.record(&streamRun{sentAt: start, headersAt: start.Add(500 * time.Microsecond), reads: 4}, &options)
	expect := func(name string, got, want []float64) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%s: got %v, want %v", name, got, want)
		}
		for index := range want {
			if math.Abs(got[index]-want[index]) > 1e-9 {
				t.Fatalf("%s: got %v, want %v", name, got, want)
			}
		}
	}
	expect("headers", worker.headersMs, []float64{0.5})
	expect("ttft", worker.ttftErrorMs, []float64{3})
	expect("itl", worker.itlErrorMs, []float64{-2, 1, 3})
	expect("schedule", worker.scheduleErrorMs, []float64{3, 1, 2, 5})
	expect("end", worker.endErrorMs, []float64{5})
	expect("drift", worker.driftMs, []float64{4})
	expect("reads", worker.readsPerStream, []float64{4})
}

// checkReadClocks checks that every read with data was dated by the kernel on Linux and by its return
// elsewhere, then clears both counts for the caller's comparison.
func checkReadClocks(t *testing.T, counts *streamCounts) {
	t.Helper()
	kernel, clock := counts.KernelStampedReads, counts.ReadClockReads
	if runtime.GOOS == "linux" && (kernel == 0 || clock != 0) || runtime.GOOS != "linux" && (kernel != 0 || clock == 0) {
		t.Errorf("on %s: %d reads dated by the kernel, %d by their return", runtime.GOOS, kernel, clock)
	}
	counts.KernelStampedReads, counts.ReadClockReads = 0, 0
}
