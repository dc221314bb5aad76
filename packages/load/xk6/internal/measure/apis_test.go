package measure

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/sse"
	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/wire"
)

// replay feeds a captured stream from testdata through the SSE decoder, one read per event, the
// i-th event (0-based) arriving at (i+1)·10 ms, and finishes the account at the last one.
func replay(t *testing.T, request *Request, fixture string) (*Result, *Error, *streamAccount) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", fixture))
	if err != nil {
		t.Fatal(err)
	}
	frames := strings.SplitAfter(string(raw), "\n\n")
	result := newResult(true)
	state := newStreamAccount(epoch, request, result)
	var decoder sse.Decoder
	last := at(0)
	for index, frame := range frames {
		if frame == "" {
			continue
		}
		last = at(float64(index+1) * 10)
		for _, event := range decoder.Feed([]byte(frame), nil) {
			if failure := state.event(event, last); failure != nil {
				state.finish(last)
				return result, failure, state
			}
		}
	}
	state.finish(last)
	return result, nil, state
}

func apiRequest(t *testing.T, path string, body map[string]any) *Request {
	t.Helper()
	request, err := NewRequest("http://127.0.0.1:3000"+path, body, nil, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return request
}

func expectTiming(t *testing.T, result *Result, ttftMs float64, itlMs []float64, perChunk []int, outputTokens int) {
	t.Helper()
	if result.TTFTMs != ttftMs {
		t.Errorf("ttft %v, want %v", result.TTFTMs, ttftMs)
	}
	if !reflect.DeepEqual(result.ITLMs, itlMs) {
		t.Errorf("itl %v, want %v", result.ITLMs, itlMs)
	}
	if !reflect.DeepEqual(result.TokensPerChunk, perChunk) {
		t.Errorf("tokens per chunk %v, want %v", result.TokensPerChunk, perChunk)
	}
	if result.OutputTokens != outputTokens {
		t.Errorf("output tokens %d, want %d", result.OutputTokens, outputTokens)
	}
}

func TestResponsesTextStream(t *testing.T) {
	request := apiRequest(t, "/v1/responses", map[string]any{"model": "m", "input": "hi", "stream": true})
	result, failure, state := replay(t, request, "responses-text.sse")
	if failure != nil || !state.done {
		t.Fatalf("failure %v done %v", failure, state.done)
	}
	expectTiming(t, result, 50, []float64{10, 10}, []int{1, 1, 1}, 3)
	if result.Content != "Alpha beta gamma" || result.ID != "resp_0a1b" || result.E2EMs != 110 {
		t.Fatalf("content %q id %q e2e %v", result.Content, result.ID, result.E2EMs)
	}
	if !reflect.DeepEqual(result.Usage, &wire.Usage{PromptTokens: 13, CompletionTokens: 3, TotalTokens: 16}) ||
		!reflect.DeepEqual(result.FinishReasons, []string{"completed"}) || len(result.ToolCalls) != 0 {
		t.Fatalf("usage %#v finish %v tools %v", result.Usage, result.FinishReasons, result.ToolCalls)
	}
	result.Configured = Configured{TTFTMs: 40, ITLMs: 10, OutputLength: 3}
	result.deriveChecks(request)
	if result.TokenCheck != TokenCheckMatch || result.ExpectedE2EMs != 60 {
		t.Fatalf("check %v expected e2e %v", result.TokenCheck, result.ExpectedE2EMs)
	}
	result.Configured.OutputLength = 4
	result.deriveChecks(request)
	if result.TokenCheck != TokenCheckMismatch {
		t.Fatalf("a configured length of 4 for 3 tokens: check %v", result.TokenCheck)
	}
}

func TestResponsesFunctionCallsAreTimedOneTokenPerDelta(t *testing.T) {
	request := apiRequest(t, "/v1/responses", map[string]any{"model": "m", "input": "hi", "stream": true})
	result, failure, state := replay(t, request, "responses-function-call.sse")
	if failure != nil || !state.done {
		t.Fatalf("failure %v done %v", failure, state.done)
	}
	expectTiming(t, result, 40, []float64{10, 10, 10, 10, 40}, []int{1, 1, 1, 1, 1, 1}, 6)
	want := []wire.ToolCall{
		{ID: "call_A1", Name: "get_weather", Arguments: `{"city":"Paris"}`},
		{ID: "call_B2", Name: "get_time", Arguments: `{}`},
	}
	if !reflect.DeepEqual(result.ToolCalls, want) || result.Content != "" || result.ID != "resp_77" {
		t.Fatalf("tools %#v content %q id %q", result.ToolCalls, result.Content, result.ID)
	}
	// Arguments are JSON, whose length a schema may force: only usage checks them.
	result.Configured = Configured{TTFTMs: Unknown, ITLMs: Unknown, OutputLength: 2}
	result.deriveChecks(request)
	if !result.StructuredOutput || result.TokenCheck != TokenCheckMatch {
		t.Fatalf("structured %v check %v", result.StructuredOutput, result.TokenCheck)
	}
	result.Usage.CompletionTokens = 7
	result.deriveChecks(request)
	if result.TokenCheck != TokenCheckMismatch {
		t.Fatalf("usage 7 for 6 deltas: check %v", result.TokenCheck)
	}
}

func TestResponsesStructuredTextCountsDeltas(t *testing.T) {
	body := map[string]any{"model": "m", "input": "json", "stream": true, "max_output_tokens": int64(64),
		"text": map[string]any{"format": map[string]any{"type": "json_schema", "name": "a", "schema": map[string]any{}}}}
	request := apiRequest(t, "/v1/responses", body)
	if !request.JSONOutput || !request.LengthLimited || request.API != APIResponses {
		t.Fatalf("request %#v", request)
	}
	delta := func(text string) string {
		return `{"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":` + text + `,"logprobs":[]}`
	}
	result, failure, _ := accountFor(t, request, 100,
		stampedEvent{`{"type":"response.created","response":{"id":"resp_1","status":"in_progress","output":[]}}`, 1},
		stampedEvent{delta(`"{\""`), 10},
		stampedEvent{delta(`"answer"`), 20},
		stampedEvent{delta(`"\": \""`), 30},
		stampedEvent{delta(`"yes"`), 40},
		stampedEvent{delta(`"\"}"`), 50},
		stampedEvent{`{"type":"response.completed","response":{"id":"resp_1","status":"completed","output":[],"usage":{"input_tokens":9,"output_tokens":5,"total_tokens":14}}}`, 60},
	)
	if failure != nil {
		t.Fatal(failure)
	}
	expectTiming(t, result, 10, []float64{10, 10, 10, 10}, []int{1, 1, 1, 1, 1}, 5)
	if result.Content != `{"answer": "yes"}` {
		t.Fatalf("content %q", result.Content)
	}
}

func TestResponsesErrorEvents(t *testing.T) {
	request := apiRequest(t, "/v1/responses", map[string]any{"input": "hi", "stream": true})
	failed := `{"type":"response.failed","sequence_number":5,"response":{"id":"resp_2","status":"failed","output":[],"error":{"code":"server_error","message":"The model failed."}}}`
	flat := `{"type":"error","code":"server_error","message":"Upstream overloaded.","param":null,"sequence_number":5}`
	for _, test := range []struct{ name, data, want string }{
		{"response.failed", failed, "The model failed."},
		{"error", flat, "Upstream overloaded."},
	} {
		state := newStreamAccount(epoch, request, newResult(true))
		failure := state.event(sse.Event{Name: test.name, Data: test.data}, at(5))
		if failure == nil || failure.Code != CodeErrorEvent || failure.Message != test.want || state.result.Body != test.data {
			t.Errorf("%s: failure %#v", test.name, failure)
		}
	}
}

func TestChatToolCallStream(t *testing.T) {
	request := apiRequest(t, "/v1/chat/completions", map[string]any{"messages": []any{}, "stream": true})
	result, failure, state := replay(t, request, "chat-tool-calls.sse")
	if failure != nil || !state.done {
		t.Fatalf("failure %v done %v", failure, state.done)
	}
	expectTiming(t, result, 30, []float64{10, 10, 20}, []int{1, 1, 1, 1}, 4)
	want := []wire.ToolCall{
		{ID: "call_wdoe", Name: "search", Arguments: `{"query":"x"}`},
		{ID: "call_lh0R", Name: "weather", Arguments: `{}`},
	}
	if !reflect.DeepEqual(result.ToolCalls, want) || result.ID != "chatcmpl-9" ||
		!reflect.DeepEqual(result.FinishReasons, []string{"tool_calls"}) {
		t.Fatalf("tools %#v id %q finish %v", result.ToolCalls, result.ID, result.FinishReasons)
	}
	result.Configured = Configured{TTFTMs: 20, ITLMs: 10, OutputLength: 32}
	result.deriveChecks(request)
	if result.TokenCheck != TokenCheckMatch || result.ExpectedE2EMs != 50 {
		t.Fatalf("check %v expected e2e %v", result.TokenCheck, result.ExpectedE2EMs)
	}
}

func TestChatJSONContentCountsDeltas(t *testing.T) {
	request := apiRequest(t, "/v1/chat/completions", map[string]any{"messages": []any{}, "stream": true,
		"response_format": map[string]any{"type": "json_object"}})
	result, failure, _ := accountFor(t, request, 100,
		stampedEvent{chatChunk(0, `{"`), 10},
		stampedEvent{chatChunk(0, `alpha beta`), 20},
		stampedEvent{chatChunk(0, `":1}`), 30},
		stampedEvent{"[DONE]", 40},
	)
	if failure != nil {
		t.Fatal(failure)
	}
	expectTiming(t, result, 10, []float64{10, 10}, []int{1, 1, 1}, 3)
}

func TestMessagesToolUseStream(t *testing.T) {
	request := apiRequest(t, "/v1/messages", map[string]any{"max_tokens": int64(64), "messages": []any{}, "stream": true})
	if request.API != APIMessages || request.LengthLimited {
		t.Fatalf("request %#v", request)
	}
	result, failure, state := replay(t, request, "messages-tool-use.sse")
	if failure != nil || !state.done {
		t.Fatalf("failure %v done %v", failure, state.done)
	}
	// The empty partial_json that opens the input is no token.
	expectTiming(t, result, 40, []float64{10, 40, 10}, []int{1, 1, 1, 1}, 4)
	want := []wire.ToolCall{{ID: "toolu_01Ry", Name: "search", Arguments: `{"query": "Detroit"}`}}
	if !reflect.DeepEqual(result.ToolCalls, want) || result.Content != "Alpha beta" || result.ID != "msg_01KMf" {
		t.Fatalf("tools %#v content %q id %q", result.ToolCalls, result.Content, result.ID)
	}
	// input_tokens + cache reads; output_tokens from message_delta, not message_start's placeholder.
	if !reflect.DeepEqual(result.Usage, &wire.Usage{PromptTokens: 470, CompletionTokens: 4, TotalTokens: 474}) ||
		!reflect.DeepEqual(result.FinishReasons, []string{"tool_use"}) {
		t.Fatalf("usage %#v finish %v", result.Usage, result.FinishReasons)
	}
	result.Configured = Configured{TTFTMs: Unknown, ITLMs: Unknown, OutputLength: 4}
	result.deriveChecks(request)
	if result.TokenCheck != TokenCheckMatch {
		t.Fatalf("check %v", result.TokenCheck)
	}
}

func TestMessagesTextChecksTheConfiguredLengthOnEndTurnOnly(t *testing.T) {
	request := apiRequest(t, "/v1/messages", map[string]any{"max_tokens": int64(2), "messages": []any{}, "stream": true})
	stream := func(stopReason string) *Result {
		result, failure, state := accountFor(t, request, 100,
			stampedEvent{`{"type":"message_start","message":{"id":"msg_1","content":[],"usage":{"input_tokens":7,"output_tokens":1}}}`, 1},
			stampedEvent{`{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Alpha beta"}}`, 10},
			stampedEvent{`{"type":"message_delta","delta":{"stop_reason":"` + stopReason + `"},"usage":{"output_tokens":2}}`, 20},
			stampedEvent{`{"type":"message_stop"}`, 30},
		)
		if failure != nil || !state.done {
			t.Fatalf("failure %v done %v", failure, state.done)
		}
		result.Configured = Configured{TTFTMs: Unknown, ITLMs: Unknown, OutputLength: 5}
		result.deriveChecks(request)
		return result
	}
	// Cut by max_tokens: only usage can be checked, and it matches.
	if cut := stream("max_tokens"); cut.TokenCheck != TokenCheckMatch || !reflect.DeepEqual(cut.ITLMs, []float64{0}) {
		t.Fatalf("max_tokens: check %v itl %v", cut.TokenCheck, cut.ITLMs)
	}
	if natural := stream("end_turn"); natural.TokenCheck != TokenCheckMismatch {
		t.Fatalf("end_turn with 2 of 5 tokens: check %v", natural.TokenCheck)
	}
}

func TestMessagesErrorEvent(t *testing.T) {
	request := apiRequest(t, "/v1/messages", map[string]any{"max_tokens": int64(8), "messages": []any{}, "stream": true})
	data := `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded","details":null}}`
	state := newStreamAccount(epoch, request, newResult(true))
	failure := state.event(sse.Event{Name: "error", Data: data}, at(5))
	if failure == nil || failure.Code != CodeErrorEvent || failure.Message != "Overloaded" {
		t.Fatalf("failure %#v", failure)
	}
}

func TestUnaryBodiesOfEachAPI(t *testing.T) {
	cases := []struct {
		name, path, body string
		request          map[string]any
		content          string
		tools            []wire.ToolCall
		finish           string
		tokens           int
		fromUsage        bool
	}{
		{
			name: "responses text", path: "/v1/responses", request: map[string]any{"input": "hi"},
			body: `{"id":"resp_1","object":"response","status":"completed","error":null,"output":[{"id":"msg_1","type":"message",` +
				`"content":[{"type":"output_text","text":"Alpha beta","annotations":[],"logprobs":[]}]}],` +
				`"usage":{"input_tokens":3,"output_tokens":2,"total_tokens":5}}`,
			content: "Alpha beta", tools: []wire.ToolCall{}, finish: "completed", tokens: 2,
		},
		{
			name: "responses function call", path: "/v1/responses", request: map[string]any{"input": "hi"},
			body: `{"id":"resp_2","status":"completed","error":null,"output":[{"id":"fc_1","type":"function_call",` +
				`"call_id":"call_1","name":"lookup","arguments":"{\"q\":\"x\"}","status":"completed"}],` +
				`"usage":{"input_tokens":3,"output_tokens":7,"total_tokens":10}}`,
			tools: []wire.ToolCall{{ID: "call_1", Name: "lookup", Arguments: `{"q":"x"}`}}, finish: "completed", tokens: 7, fromUsage: true,
		},
		{
			name: "messages text and tool use", path: "/v1/messages", request: map[string]any{"max_tokens": int64(9), "messages": []any{}},
			body: `{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"Alpha"},` +
				`{"type":"tool_use","id":"toolu_1","name":"search","input":{ "query" : "x" }}],"stop_reason":"tool_use",` +
				`"usage":{"input_tokens":4,"output_tokens":6}}`,
			content: "Alpha", tools: []wire.ToolCall{{ID: "toolu_1", Name: "search", Arguments: `{"query":"x"}`}},
			finish: "tool_use", tokens: 6, fromUsage: true,
		},
		{
			name: "chat tool calls", path: "/v1/chat/completions", request: map[string]any{"messages": []any{}},
			body: `{"id":"chatcmpl-1","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":` +
				`[{"id":"call_9","type":"function","function":{"name":"f","arguments":"{}"}}]},"finish_reason":"tool_calls"}],` +
				`"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}`,
			tools: []wire.ToolCall{{ID: "call_9", Name: "f", Arguments: `{}`}}, finish: "tool_calls", tokens: 1, fromUsage: true,
		},
	}
	for _, test := range cases {
		request := apiRequest(t, test.path, test.request)
		result := newResult(false)
		if failure := accountUnary([]byte(test.body), request, result); failure != nil {
			t.Errorf("%s: %v", test.name, failure)
			continue
		}
		if result.Content != test.content || !reflect.DeepEqual(result.ToolCalls, test.tools) ||
			!reflect.DeepEqual(result.FinishReasons, []string{test.finish}) || result.OutputTokens != test.tokens ||
			result.CountedFromUsage != test.fromUsage {
			t.Errorf("%s: content %q tools %#v finish %v tokens %d from usage %v", test.name, result.Content,
				result.ToolCalls, result.FinishReasons, result.OutputTokens, result.CountedFromUsage)
		}
		result.deriveChecks(request)
		wantCheck := TokenCheckMatch
		if test.fromUsage {
			wantCheck = TokenCheckUnavailable
		}
		if result.TokenCheck != wantCheck {
			t.Errorf("%s: check %v, want %v", test.name, result.TokenCheck, wantCheck)
		}
	}
}

func TestUnaryErrorBodies(t *testing.T) {
	anthropic := apiRequest(t, "/v1/messages", map[string]any{"max_tokens": int64(9), "messages": []any{}})
	failure := accountUnary([]byte(`{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`), anthropic, newResult(false))
	if failure == nil || failure.Code != CodeErrorEvent || failure.Message != "Overloaded" {
		t.Fatalf("anthropic: %#v", failure)
	}
	responses := apiRequest(t, "/v1/responses", map[string]any{"input": "hi"})
	failure = accountUnary([]byte(`{"id":"resp_1","status":"failed","error":{"code":"server_error","message":"boom"},"output":[]}`), responses, newResult(false))
	if failure == nil || failure.Code != CodeErrorEvent || failure.Message != "boom" {
		t.Fatalf("responses: %#v", failure)
	}
}

func TestAPIOfNewPathsAndBodies(t *testing.T) {
	cases := []struct {
		url     string
		body    map[string]any
		headers map[string]string
		want    API
	}{
		{"http://h/v1/responses", map[string]any{}, nil, APIResponses},
		{"http://h/openai/v1/responses/", map[string]any{}, nil, APIResponses},
		{"http://h/anthropic/v1/messages", map[string]any{}, nil, APIMessages},
		{"http://h/custom", map[string]any{"input": "x"}, nil, APIResponses},
		{"http://h/custom", map[string]any{"messages": []any{}}, map[string]string{"anthropic-version": "2023-06-01"}, APIMessages},
	}
	for _, test := range cases {
		request, err := NewRequest(test.url, test.body, test.headers, time.Second)
		if err != nil || request.API != test.want {
			t.Errorf("%s: api %v err %v, want %v", test.url, request.API, err, test.want)
		}
	}
}

func TestResponsesStreamWithoutItsFinalEventIsTruncated(t *testing.T) {
	delta := `{"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"Alpha","logprobs":[]}`
	server := serve(t, streamScript(step{0, "event: response.output_text.delta\ndata: " + delta + "\n\n"}))
	request, err := NewRequest(server.URL+"/v1/responses", map[string]any{"input": "hi", "stream": true}, nil, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	result := newTestClient(t).Do(t.Context(), request)
	if result.OK || result.ErrorCode != string(CodeTruncated) ||
		result.Error != "truncated_stream: the stream ended between events without response.completed" || result.OutputTokens != 1 {
		t.Fatalf("result ok %v code %q error %q tokens %d", result.OK, result.ErrorCode, result.Error, result.OutputTokens)
	}
}
