package main

import (
	"slices"
	"testing"
)

func eventsInPieces(raw string, size int) (events []string, pending bool) {
	decoder := sseDecoder{}
	for start := 0; start < len(raw); start += size {
		decoder.feed([]byte(raw[start:min(len(raw), start+size)]), func(data []byte) {
			events = append(events, string(data))
		})
	}
	return events, decoder.pending()
}

func TestSSEDecoderFindsTheSameEventsInEverySplit(t *testing.T) {
	raw := ": comment\n\ndata: one\n\nevent: x\r\ndata:two\r\ndata: lines\r\n\r\nid: 7\rdata: three\r\rdata: [DONE]\n\n"
	want := []string{"one", "two\nlines", "three", "[DONE]"}
	for size := 1; size <= len(raw); size++ {
		events, pending := eventsInPieces(raw, size)
		if !slices.Equal(events, want) || pending {
			t.Fatalf("pieces of %d: events %q, pending %v", size, events, pending)
		}
	}
}

func TestSSEDecoderReportsAnEventCutShort(t *testing.T) {
	events, pending := eventsInPieces("data: one\n\ndata: tw", 4)
	if !slices.Equal(events, []string{"one"}) || !pending {
		t.Fatalf("events %q, pending %v", events, pending)
	}
}

func TestClassify(t *testing.T) {
	cases := []struct {
		data string
		want eventKind
	}{
		{`{"choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null}}]}`, eventOther},
		{`{"choices":[{"index":0,"delta":{"content":" word"},"logprobs":null}]}`, eventContent},
		{`{"choices":[{"index":0,"delta":{"content" : "Hi"}}]}`, eventContent},
		// A quoted "content" inside a value is escaped, so it is not a key.
		{`{"choices":[{"delta":{"content":"\"content\":\""}}]}`, eventContent},
		{`{"choices":[{"delta":{},"finish_reason":"stop","logprobs":{"content":[]}}]}`, eventOther},
		{`{"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":100}}`, eventOther},
		{`{"error":{"message":"boom","type":"server_error","param":null,"code":null}}`, eventError},
		{`{"choices":[{"delta":{"content":"error"}}]}`, eventContent},
		{`[DONE]`, eventDone},
	}
	for _, example := range cases {
		if got := classify([]byte(example.data)); got != example.want {
			t.Errorf("classify(%s) = %d, want %d", example.data, got, example.want)
		}
	}
}
