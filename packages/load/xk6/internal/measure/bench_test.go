package measure

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"sort"
	"testing"
	"time"

	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/sse"
	"github.com/tokenpace/tokenpace/packages/load/xk6/kernelstamp/stamptest"
)

// BenchmarkEventPath measures the per-token work of a stream: SSE decoding, JSON parsing, token
// counting and ITL bookkeeping for one chat chunk, as it runs between two reads.
func BenchmarkEventPath(b *testing.B) {
	raw := []byte("data: " + `{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini",` +
		`"choices":[{"index":0,"delta":{"content":" token"},"logprobs":null,"finish_reason":null}]}` + "\n\n")
	var decoder sse.Decoder
	events := make([]sse.Event, 0, 4)
	at := time.Now()
	b.ReportAllocs()
	b.ResetTimer()
	account := newStreamAccount(at, &Request{API: APIChat}, newResult(true))
	for index := 0; index < b.N; index++ {
		if index%4096 == 0 {
			// Keep result slices at a realistic length (a long stream), not growing without bound.
			account = newStreamAccount(at, &Request{API: APIChat}, newResult(true))
		}
		events = decoder.Feed(raw, events[:0])
		for _, event := range events {
			if failure := account.event(event, at); failure != nil {
				b.Fatal(failure)
			}
		}
	}
}

// BenchmarkGapError measures how far observed ITL gaps are from the gaps at which the server actually
// wrote the events (both on this process's clocks): the error the measurement itself adds over
// loopback, with reads dated when they return and with kernel receive stamps. Run with e.g.
// -benchtime=20x; it reports percentiles in µs.
func BenchmarkGapError(b *testing.B) {
	b.Run("clock=read", func(b *testing.B) {
		transport := &http.Transport{}
		b.Cleanup(transport.CloseIdleConnections)
		benchmarkGapError(b, NewClient(transport), ClockRead)
	})
	b.Run("clock=kernel", func(b *testing.B) {
		stamptest.Require(b)
		benchmarkGapError(b, stampingClient(b, nil, asIs), ClockKernel)
	})
}

func benchmarkGapError(b *testing.B, client *Client, clock string) {
	const eventCount, spacing = 50, 2 * time.Millisecond
	writes := make(chan []time.Time, 1)
	server := httptest.NewServer(http.HandlerFunc(func(writer http.ResponseWriter, _ *http.Request) {
		writer.Header().Set("Content-Type", "text/event-stream")
		writer.(http.Flusher).Flush()
		begin := time.Now()
		written := make([]time.Time, 0, eventCount)
		for index := 0; index < eventCount; index++ {
			time.Sleep(time.Until(begin.Add(time.Duration(index) * spacing)))
			word := " token"
			if index == 0 {
				word = "Token"
			}
			written = append(written, time.Now())
			fmt.Fprintf(writer, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":%q}}]}\n\n", word)
			writer.(http.Flusher).Flush()
		}
		fmt.Fprint(writer, "data: [DONE]\n\n")
		writes <- written
	}))
	defer server.Close()
	request, err := NewRequest(server.URL+"/v1/chat/completions", map[string]any{"stream": true}, nil, 10*time.Second)
	if err != nil {
		b.Fatal(err)
	}
	var errorsMicroseconds []float64
	b.ResetTimer()
	for iteration := 0; iteration < b.N; iteration++ {
		result := client.Do(context.Background(), request)
		written := <-writes
		if !result.OK || len(result.ITLMs) != eventCount-1 {
			b.Fatalf("ok %v error %q gaps %d", result.OK, result.Error, len(result.ITLMs))
		}
		if result.Clock != clock {
			b.Fatalf("clock %q, want %q", result.Clock, clock)
		}
		for index, observedMs := range result.ITLMs {
			actualMs := milliseconds(written[index+1].Sub(written[index]))
			errorsMicroseconds = append(errorsMicroseconds, math.Abs(observedMs-actualMs)*1000)
		}
	}
	b.StopTimer()
	sort.Float64s(errorsMicroseconds)
	percentile := func(fraction float64) float64 {
		return errorsMicroseconds[int(fraction*float64(len(errorsMicroseconds)-1))]
	}
	b.ReportMetric(percentile(0.5), "p50-µs")
	b.ReportMetric(percentile(0.99), "p99-µs")
	b.ReportMetric(percentile(1), "max-µs")
}
