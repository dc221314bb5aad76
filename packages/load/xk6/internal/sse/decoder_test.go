package sse

import (
	"reflect"
	"testing"
)

func feedAll(chunks ...string) []Event {
	var decoder Decoder
	var events []Event
	for _, chunk := range chunks {
		events = decoder.Feed([]byte(chunk), events)
	}
	return events
}

func TestDecodesOpenAIStyleEvents(t *testing.T) {
	stream := "data: {\"a\":1}\n\ndata: {\"b\":2}\n\ndata: [DONE]\n\n"
	want := []Event{{Data: `{"a":1}`}, {Data: `{"b":2}`}, {Data: "[DONE]"}}
	if got := feedAll(stream); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %#v, want %#v", got, want)
	}
}

func TestLineEndingsLFCRLFAndCR(t *testing.T) {
	want := []Event{{Data: "one"}, {Data: "two"}, {Data: "three"}}
	got := feedAll("data: one\r\n\r\ndata: two\r\rdata: three\n\n")
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %#v, want %#v", got, want)
	}
}

func TestMultiLineDataCommentsNamesAndIgnoredFields(t *testing.T) {
	stream := ": keep-alive\n\nevent: error\ndata: first\ndata:second\nid: 7\nretry: 10\n\ndata\n\n"
	want := []Event{{Name: "error", Data: "first\nsecond"}, {Data: ""}}
	if got := feedAll(stream); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %#v, want %#v", got, want)
	}
}

func TestEventWithoutDataIsNotDispatched(t *testing.T) {
	if got := feedAll("event: ping\n\n: comment\n\n\n\n"); len(got) != 0 {
		t.Fatalf("got %#v, want no events", got)
	}
}

func TestOnlyOneLeadingSpaceIsStripped(t *testing.T) {
	want := []Event{{Data: "  two spaces kept"}}
	if got := feedAll("data:   two spaces kept\n\n"); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %#v, want %#v", got, want)
	}
}

func TestEventCompletesOnlyWithItsBlankLine(t *testing.T) {
	var decoder Decoder
	events := decoder.Feed([]byte("data: x\n"), nil)
	if len(events) != 0 || !decoder.Pending() {
		t.Fatalf("event dispatched before its blank line: %#v", events)
	}
	events = decoder.Feed([]byte("\n"), events)
	if !reflect.DeepEqual(events, []Event{{Data: "x"}}) || decoder.Pending() {
		t.Fatalf("got %#v, pending %v", events, decoder.Pending())
	}
}

func TestByteOrderMarkIsSkippedEvenWhenSplit(t *testing.T) {
	want := []Event{{Data: "x"}}
	if got := feedAll("\xEF\xBB", "\xBFdata: x\n\n"); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %#v, want %#v", got, want)
	}
}

// Every way of cutting a stream into three reads must yield the events of the uncut stream: this is
// what a gateway or the kernel does to SSE bytes.
func TestAnySplitIntoThreeReadsYieldsTheSameEvents(t *testing.T) {
	stream := "data: {\"x\":\"a\\nb\"}\r\n\r\n: c\r\ndata: é\r\ndata: ü\r\n\r\ndata: [DONE]\r\n\r\n"
	want := feedAll(stream)
	if len(want) != 3 {
		t.Fatalf("uncut stream decoded to %#v", want)
	}
	for first := 0; first <= len(stream); first++ {
		for second := first; second <= len(stream); second++ {
			got := feedAll(stream[:first], stream[first:second], stream[second:])
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("cut at %d,%d: got %#v, want %#v", first, second, got, want)
			}
		}
	}
}

func TestByteByByteFeeding(t *testing.T) {
	stream := "data: a\r\n\r\ndata: b\r\rdata: c\n\n"
	chunks := make([]string, len(stream))
	for i := range stream {
		chunks[i] = stream[i : i+1]
	}
	want := []Event{{Data: "a"}, {Data: "b"}, {Data: "c"}}
	if got := feedAll(chunks...); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %#v, want %#v", got, want)
	}
}

func FuzzSplitInvariance(f *testing.F) {
	f.Add("data: a\n\ndata: b\r\n\r\n", 3)
	f.Add("\xEF\xBB\xBFdata: x\r\r", 1)
	f.Fuzz(func(t *testing.T, stream string, cut int) {
		if cut < 0 || cut > len(stream) {
			return
		}
		whole := feedAll(stream)
		split := feedAll(stream[:cut], stream[cut:])
		if !reflect.DeepEqual(whole, split) {
			t.Fatalf("cut at %d: whole %#v, split %#v", cut, whole, split)
		}
	})
}
