package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
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
	if worker.counts != (streamCounts{Started: 2, Completed: 2, Measured: 2}) || delivered.Load() != 2*tokens {
		t.Fatalf("counts %+v, delivered %d, errors %v", worker.counts, delivered.Load(), worker.errors)
	}
	if len(worker.ttftErrorMs) != 2 || len(worker.itlErrorMs) != 2*(tokens-1) || len(worker.driftMs) != 2 {
		t.Fatalf("samples: ttft %d, itl %d, drift %d", len(worker.ttftErrorMs), len(worker.itlErrorMs), len(worker.driftMs))
	}
	// Generous bounds: a token can never arrive before it was sent, and a loaded CI box may be slow.
	for _, drift := range worker.driftMs {
		if drift < 0 || drift > 500 {
			t.Errorf("drift %v ms outside [0, 500]", drift)
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
	if worker.counts != (streamCounts{Started: 1, Completed: 1, TokenMismatch: 1}) || worker.errors["3 content events, 4 configured"] != 1 {
		t.Fatalf("counts %+v, errors %v", worker.counts, worker.errors)
	}
}
