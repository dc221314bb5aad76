package wire

import "testing"

func TestChatChunkContentAndFinish(t *testing.T) {
	payload, err := Parse([]byte(`{"id":"c","object":"chat.completion.chunk","choices":[` +
		`{"index":1,"delta":{"content":" beta"},"finish_reason":null},` +
		`{"index":0,"delta":{},"finish_reason":"stop"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(payload.Choices) != 2 || payload.Usage != nil || payload.Error != nil {
		t.Fatalf("unexpected payload %#v", payload)
	}
	first, second := payload.Choices[0], payload.Choices[1]
	if first.Index != 1 || first.Content() != " beta" || first.FinishReason != nil {
		t.Fatalf("first choice %#v", first)
	}
	if second.Index != 0 || second.Content() != "" || second.FinishReason == nil || *second.FinishReason != "stop" {
		t.Fatalf("second choice %#v", second)
	}
}

func TestLegacyCompletionChunkText(t *testing.T) {
	payload, err := Parse([]byte(`{"object":"text_completion","choices":[{"index":0,"text":"Alpha","finish_reason":null}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := payload.Choices[0].Content(); got != "Alpha" {
		t.Fatalf("content %q", got)
	}
}

func TestUnaryChatMessageAndUsage(t *testing.T) {
	payload, err := Parse([]byte(`{"choices":[{"index":0,"message":{"role":"assistant","content":"Alpha beta"},` +
		`"finish_reason":"length"}],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := payload.Choices[0].Content(); got != "Alpha beta" {
		t.Fatalf("content %q", got)
	}
	want := Usage{PromptTokens: 9, CompletionTokens: 2, TotalTokens: 11}
	if payload.Usage == nil || *payload.Usage != want {
		t.Fatalf("usage %#v", payload.Usage)
	}
}

func TestNullMessageContentIsEmpty(t *testing.T) {
	payload, err := Parse([]byte(`{"choices":[{"index":0,"message":{"content":null,"tool_calls":[]}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := payload.Choices[0].Content(); got != "" {
		t.Fatalf("content %q", got)
	}
}

func TestErrorEnvelope(t *testing.T) {
	body := []byte(`{"error":{"message":"Invalid x-ttft-ms","type":"invalid_request_error","param":"x-ttft-ms","code":null}}`)
	payload, err := Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	if payload.Error == nil || payload.Error.Message != "Invalid x-ttft-ms" || payload.Error.Type != "invalid_request_error" {
		t.Fatalf("error %#v", payload.Error)
	}
	if got := ErrorMessage(body); got != "Invalid x-ttft-ms" {
		t.Fatalf("ErrorMessage = %q", got)
	}
	if got := ErrorMessage([]byte("<html>bad gateway</html>")); got != "" {
		t.Fatalf("ErrorMessage of non-JSON = %q", got)
	}
}

func TestInvalidJSONIsAnError(t *testing.T) {
	if _, err := Parse([]byte(`{"choices":[`)); err == nil {
		t.Fatal("want an error")
	}
}
