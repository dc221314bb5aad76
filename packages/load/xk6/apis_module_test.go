package tokenpace

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

// fixtureServer answers every request with a captured stream from internal/measure/testdata.
func fixtureServer(t *testing.T, fixture string) *httptest.Server {
	t.Helper()
	stream, err := os.ReadFile(filepath.Join("internal", "measure", "testdata", fixture))
	if err != nil {
		t.Fatal(err)
	}
	server := httptest.NewServer(http.HandlerFunc(func(writer http.ResponseWriter, _ *http.Request) {
		writer.Header().Set("Content-Type", "text/event-stream")
		writer.Header().Set("x-tokenpace-output-length", "6")
		_, _ = writer.Write(stream)
	}))
	t.Cleanup(server.Close)
	return server
}

func TestResponsesToolCallsFromJS(t *testing.T) {
	server := fixtureServer(t, "responses-function-call.sse")
	harness := newVUHarness(t)
	harness.moveToVU()
	output := harness.run(t, fmt.Sprintf(`
		const result = tokenpace.request({
			url: '%s/v1/responses',
			body: { model: 'gpt-4o-mini', stream: true, input: 'hi', tools: [] },
		});
		JSON.stringify({ ok: result.ok, id: result.id, toolCalls: result.toolCalls, outputTokens: result.outputTokens,
			finishReasons: result.finishReasons, usage: result.usage });`, server.URL))
	want := `{"ok":true,"id":"resp_77","toolCalls":[{"id":"call_A1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},` +
		`{"id":"call_B2","name":"get_time","arguments":"{}"}],"outputTokens":6,"finishReasons":["completed"],` +
		`"usage":{"prompt_tokens":40,"completion_tokens":6,"total_tokens":46}}`
	if output != want {
		t.Fatalf("result\n got %s\nwant %s", output, want)
	}
	counts := map[string]int{}
	for _, sample := range harness.pushed(t) {
		counts[sample.Metric.Name]++
		if api := sample.Tags.Map()[TagAPI]; api != "responses" {
			t.Fatalf("%s api tag %q", sample.Metric.Name, api)
		}
		if sample.Metric.Name == MetricTokenMismatch && sample.Value != 0 {
			t.Fatalf("token mismatch %v", sample.Value)
		}
	}
	if counts[MetricITL] != 5 || counts[MetricTokensPerChunk] != 6 || counts[MetricTokenMismatch] != 1 {
		t.Fatalf("sample counts %v", counts)
	}
}

func TestMessagesStreamFromJS(t *testing.T) {
	server := fixtureServer(t, "messages-tool-use.sse")
	harness := newVUHarness(t)
	harness.moveToVU()
	output := harness.run(t, fmt.Sprintf(`
		const result = tokenpace.request({
			url: '%s/v1/messages',
			body: { model: 'claude-sonnet-4-5', stream: true, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] },
			headers: { 'anthropic-version': '2023-06-01' },
		});
		JSON.stringify({ ok: result.ok, id: result.id, content: result.content, toolCalls: result.toolCalls,
			finishReasons: result.finishReasons, outputTokens: result.outputTokens });`, server.URL))
	want := `{"ok":true,"id":"msg_01KMf","content":"Alpha beta","toolCalls":[{"id":"toolu_01Ry","name":"search",` +
		`"arguments":"{\"query\": \"Detroit\"}"}],"finishReasons":["tool_use"],"outputTokens":4}`
	if output != want {
		t.Fatalf("result\n got %s\nwant %s", output, want)
	}
	for _, sample := range harness.pushed(t) {
		if api := sample.Tags.Map()[TagAPI]; api != "messages" {
			t.Fatalf("%s api tag %q", sample.Metric.Name, api)
		}
	}
}
