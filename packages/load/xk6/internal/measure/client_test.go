package measure

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// step is one write of a scripted response, due at an absolute offset from the request's arrival
// (never a relative sleep, so a late step does not shift the next one).
type step struct {
	dueMs float64
	data  string
}

type script struct {
	status      int
	contentType string
	headers     map[string]string
	steps       []step
}

func serve(t *testing.T, response script) *httptest.Server {
	t.Helper()
	server := httptest.NewServer(http.HandlerFunc(func(writer http.ResponseWriter, request *http.Request) {
		arrival := time.Now()
		for name, value := range response.headers {
			writer.Header().Set(name, value)
		}
		writer.Header().Set("Content-Type", response.contentType)
		writer.WriteHeader(response.status)
		writer.(http.Flusher).Flush()
		for _, next := range response.steps {
			wait := time.Until(arrival.Add(time.Duration(next.dueMs * float64(time.Millisecond))))
			select {
			case <-time.After(wait):
			case <-request.Context().Done():
				return
			}
			fmt.Fprint(writer, next.data)
			writer.(http.Flusher).Flush()
		}
	}))
	t.Cleanup(server.Close)
	return server
}

func event(data string) string {
	return "data: " + data + "\n\n"
}

func streamScript(steps ...step) script {
	return script{status: 200, contentType: "text/event-stream; charset=utf-8", steps: steps}
}

func newTestClient(t *testing.T) *Client {
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	return NewClient(transport)
}

func streamRequest(t *testing.T, url string, headers map[string]string) *Request {
	t.Helper()
	request, err := NewRequest(url+"/v1/chat/completions", map[string]any{"model": "m", "stream": true, "messages": []any{}}, headers, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return request
}

// Generous upper slack for a shared, loaded machine; lower bounds are exact (nothing can be early).
const slackMs = 250

func within(t *testing.T, name string, got, low, high float64) {
	t.Helper()
	if got < low || got > high {
		t.Errorf("%s = %v ms, want within [%v, %v]", name, got, low, high)
	}
}

func TestStreamTimingAgainstAServerWithKnownDelays(t *testing.T) {
	steps := []step{{0, event(`{"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}`)}}
	words := []string{"Alpha", " beta", " gamma", " delta", " epsilon"}
	for index, word := range words {
		steps = append(steps, step{60 + float64(index)*40, event(chatChunk(0, word))})
	}
	steps = append(steps,
		step{221, event(finishChunk(0, "length"))},
		step{221, event(`{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":5,"total_tokens":8}}`)},
		step{222, event("[DONE]")},
	)
	response := streamScript(steps...)
	response.headers = map[string]string{ResponseHeaderTTFTMs: "60", ResponseHeaderITLMs: "40", ResponseHeaderOutputLength: "5"}
	server := serve(t, response)

	result := newTestClient(t).Do(context.Background(), streamRequest(t, server.URL, map[string]string{HeaderTTFTMs: "lognormal(p50=60,p99=90)"}))
	if !result.OK || result.Status != 200 || result.Error != "" {
		t.Fatalf("result %#v", result)
	}
	within(t, "headers", result.HeadersMs, 0, slackMs)
	within(t, "ttft", result.TTFTMs, 60, 60+slackMs)
	within(t, "e2e", result.E2EMs, 222, 222+slackMs)
	if len(result.ITLMs) != 4 {
		t.Fatalf("itl %v", result.ITLMs)
	}
	sum := 0.0
	for _, gap := range result.ITLMs {
		within(t, "itl gap", gap, 0, 40+slackMs)
		sum += gap
	}
	// The last token is due 160 ms after the first: their observed distance cannot be much less.
	within(t, "first to last token", sum, 160-slackMs/10, 160+slackMs)
	if result.OutputTokens != 5 || result.Content != "Alpha beta gamma delta epsilon" || result.TokenCheck != TokenCheckMatch {
		t.Fatalf("tokens %d content %q check %v", result.OutputTokens, result.Content, result.TokenCheck)
	}
	if want := (Configured{TTFTMs: 60, ITLMs: 40, OutputLength: 5}); result.Configured != want {
		t.Fatalf("configured %#v", result.Configured)
	}
	if result.ExpectedE2EMs != 60+4*40 {
		t.Fatalf("expected e2e %v", result.ExpectedE2EMs)
	}
}

// An event is stamped when its blank line arrives, not when its first bytes did.
func TestEventSplitAcrossWritesIsStampedOnCompletion(t *testing.T) {
	chunk := chatChunk(0, "Alpha")
	server := serve(t, streamScript(
		step{10, "data: " + chunk[:20]},
		step{20, chunk[20:] + "\n"},
		step{120, "\n"},
		step{121, event("[DONE]")},
	))
	result := newTestClient(t).Do(context.Background(), streamRequest(t, server.URL, nil))
	if !result.OK {
		t.Fatal(result.Error)
	}
	within(t, "ttft", result.TTFTMs, 120, 120+slackMs)
}

func TestRechunkedStream(t *testing.T) {
	server := serve(t, streamScript(
		step{20, event(chatChunk(0, "Alpha beta gamma"))},
		step{70, event(chatChunk(0, " delta")) + event("[DONE]")},
	))
	result := newTestClient(t).Do(context.Background(), streamRequest(t, server.URL, map[string]string{HeaderOutputLength: "4"}))
	if !result.OK {
		t.Fatal(result.Error)
	}
	if result.OutputTokens != 4 || len(result.ITLMs) != 3 || result.ITLMs[0] != 0 || result.ITLMs[1] != 0 {
		t.Fatalf("tokens %d itl %v", result.OutputTokens, result.ITLMs)
	}
	within(t, "gap to the re-chunked token", result.ITLMs[2], 0, 50+slackMs)
	if fmt.Sprint(result.TokensPerChunk) != "[3 1]" || result.TokenCheck != TokenCheckUnavailable {
		t.Fatalf("tokens per chunk %v check %v", result.TokensPerChunk, result.TokenCheck)
	}
}

func TestStreamEndingWithoutDoneIsTruncated(t *testing.T) {
	server := serve(t, streamScript(step{5, event(chatChunk(0, "Alpha"))}, step{6, "data: {\"choi"}))
	result := newTestClient(t).Do(context.Background(), streamRequest(t, server.URL, nil))
	if result.OK || result.ErrorCode != string(CodeTruncated) || !strings.Contains(result.Error, "in the middle of an event") {
		t.Fatalf("result ok=%v code=%q error=%q", result.OK, result.ErrorCode, result.Error)
	}
	if result.OutputTokens != 1 || result.Status != 200 {
		t.Fatalf("tokens %d status %d", result.OutputTokens, result.Status)
	}
}

func TestDroppedConnectionIsTruncated(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(writer http.ResponseWriter, _ *http.Request) {
		connection, buffered, err := writer.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer connection.Close()
		fmt.Fprint(buffered, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
		data := event(chatChunk(0, "Alpha"))
		fmt.Fprintf(buffered, "%x\r\n%s\r\n", len(data), data)
		buffered.Flush()
	}))
	t.Cleanup(server.Close)
	result := newTestClient(t).Do(context.Background(), streamRequest(t, server.URL, nil))
	if result.OK || result.ErrorCode != string(CodeTruncated) || !strings.Contains(result.Error, "connection broke") {
		t.Fatalf("result ok=%v code=%q error=%q", result.OK, result.ErrorCode, result.Error)
	}
}

func TestHTTPErrorCarriesTheOpenAIMessage(t *testing.T) {
	body := `{"error":{"message":"x-ttft-ms must be a number","type":"invalid_request_error","param":"x-ttft-ms","code":"invalid_header"}}`
	server := serve(t, script{status: 400, contentType: "application/json", steps: []step{{0, body}}})
	result := newTestClient(t).Do(context.Background(), streamRequest(t, server.URL, map[string]string{HeaderTTFTMs: "abc"}))
	if result.OK || result.Status != 400 || result.ErrorCode != string(CodeHTTPStatus) {
		t.Fatalf("result %#v", result)
	}
	if result.Error != "http_status: HTTP 400: x-ttft-ms must be a number" || result.Body != body {
		t.Fatalf("error %q body %q", result.Error, result.Body)
	}
}

func TestErrorEventFails(t *testing.T) {
	server := serve(t, streamScript(step{5, event(chatChunk(0, "Alpha"))}, step{6, event(`{"error":{"message":"injected fault","type":"server_error"}}`)}))
	result := newTestClient(t).Do(context.Background(), streamRequest(t, server.URL, nil))
	if result.OK || result.Error != "error_event: injected fault" {
		t.Fatalf("result ok=%v error=%q", result.OK, result.Error)
	}
}

func TestJSONAnswerToAStreamRequest(t *testing.T) {
	server := serve(t, script{status: 200, contentType: "application/json", steps: []step{{0, `{"choices":[]}`}}})
	result := newTestClient(t).Do(context.Background(), streamRequest(t, server.URL, nil))
	if result.OK || result.ErrorCode != string(CodeInvalidPayload) || !strings.Contains(result.Error, "application/json") {
		t.Fatalf("result ok=%v error=%q", result.OK, result.Error)
	}
}

func TestUnaryResponse(t *testing.T) {
	body := `{"object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Alpha beta gamma"},` +
		`"finish_reason":"length"}],"usage":{"prompt_tokens":4,"completion_tokens":3,"total_tokens":7}}`
	server := serve(t, script{status: 200, contentType: "application/json", steps: []step{{80, body}}})
	request, err := NewRequest(server.URL+"/v1/chat/completions", map[string]any{"messages": []any{}},
		map[string]string{HeaderTTFTMs: "20", HeaderITLMs: "20", HeaderOutputLength: "3"}, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	result := newTestClient(t).Do(context.Background(), request)
	if !result.OK || result.Streamed || result.TTFTMs != Unknown || len(result.ITLMs) != 0 {
		t.Fatalf("result %#v", result)
	}
	within(t, "e2e", result.E2EMs, 80, 80+slackMs)
	if result.OutputTokens != 3 || result.Content != "Alpha beta gamma" || result.Body != body || result.TokenCheck != TokenCheckMatch {
		t.Fatalf("tokens %d content %q check %v", result.OutputTokens, result.Content, result.TokenCheck)
	}
	if result.ExpectedE2EMs != 20+3*20 {
		t.Fatalf("expected e2e %v", result.ExpectedE2EMs)
	}
}

func TestTimeout(t *testing.T) {
	server := serve(t, streamScript(step{5, event(chatChunk(0, "Alpha"))}, step{5000, event("[DONE]")}))
	request := streamRequest(t, server.URL, nil)
	request.Timeout = 100 * time.Millisecond
	began := time.Now()
	result := newTestClient(t).Do(context.Background(), request)
	if result.OK || result.ErrorCode != string(CodeTimeout) || result.OutputTokens != 1 {
		t.Fatalf("result ok=%v error=%q tokens=%d", result.OK, result.Error, result.OutputTokens)
	}
	if elapsed := time.Since(began); elapsed > 2*time.Second {
		t.Fatalf("timeout took %v", elapsed)
	}
}

func TestCanceledByTheVU(t *testing.T) {
	server := serve(t, streamScript(step{5000, event("[DONE]")}))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	result := newTestClient(t).Do(ctx, streamRequest(t, server.URL, nil))
	if result.OK || result.ErrorCode != string(CodeCanceled) {
		t.Fatalf("result ok=%v error=%q", result.OK, result.Error)
	}
}

func TestTransportError(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	address := listener.Addr().String()
	listener.Close()
	result := newTestClient(t).Do(context.Background(), streamRequest(t, "http://"+address, nil))
	if result.OK || result.Status != 0 || result.ErrorCode != string(CodeTransport) || result.HeadersMs != Unknown {
		t.Fatalf("result %#v", result)
	}
}

func TestConnectionsAreKeptAlive(t *testing.T) {
	var connections atomic.Int32
	server := httptest.NewUnstartedServer(http.HandlerFunc(func(writer http.ResponseWriter, _ *http.Request) {
		writer.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(writer, event(chatChunk(0, "Alpha"))+event("[DONE]"))
	}))
	server.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			connections.Add(1)
		}
	}
	server.Start()
	t.Cleanup(server.Close)
	client := newTestClient(t)
	for attempt := 0; attempt < 3; attempt++ {
		if result := client.Do(context.Background(), streamRequest(t, server.URL, nil)); !result.OK {
			t.Fatal(result.Error)
		}
	}
	if got := connections.Load(); got != 1 {
		t.Fatalf("%d connections for 3 sequential requests, want 1", got)
	}
}
