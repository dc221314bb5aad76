package measure

import (
	"testing"

	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/wire"
)

func checked(streamed bool, tokensPerChoice []int, usage *wire.Usage, finish []string, configured Configured, request Request) *Result {
	result := newResult(streamed)
	result.PerChoiceTokens = tokensPerChoice
	for _, count := range tokensPerChoice {
		result.OutputTokens += count
	}
	result.Usage = usage
	result.FinishReasons = finish
	result.Configured = configured
	request.Streamed = streamed
	if request.Choices == 0 {
		request.Choices = 1
	}
	result.deriveChecks(&request)
	return result
}

func TestTokenCheckAgainstUsage(t *testing.T) {
	unknownLength := Configured{TTFTMs: Unknown, ITLMs: Unknown, OutputLength: Unknown}
	match := checked(true, []int{20}, &wire.Usage{CompletionTokens: 20}, []string{"length"}, unknownLength, Request{})
	mismatch := checked(true, []int{19}, &wire.Usage{CompletionTokens: 20}, []string{"length"}, unknownLength, Request{})
	none := checked(true, []int{19}, nil, []string{"length"}, unknownLength, Request{})
	if match.TokenCheck != TokenCheckMatch || mismatch.TokenCheck != TokenCheckMismatch || none.TokenCheck != TokenCheckUnavailable {
		t.Fatalf("got %v %v %v", match.TokenCheck, mismatch.TokenCheck, none.TokenCheck)
	}
}

func TestTokenCheckAgainstConfiguredLength(t *testing.T) {
	length := Configured{TTFTMs: Unknown, ITLMs: Unknown, OutputLength: 10}
	cases := []struct {
		name    string
		tokens  []int
		finish  []string
		request Request
		want    TokenCheck
	}{
		{"exact, n=2", []int{10, 10}, []string{"length", "stop"}, Request{Choices: 2}, TokenCheckMatch},
		{"one choice short", []int{10, 9}, []string{"length", "length"}, Request{Choices: 2}, TokenCheckMismatch},
		{"a choice missing", []int{10}, []string{"length"}, Request{Choices: 2}, TokenCheckMismatch},
		{"max_tokens in body", []int{3}, []string{"length"}, Request{LengthLimited: true}, TokenCheckUnavailable},
		{"content filter", []int{3}, []string{"content_filter"}, Request{}, TokenCheckUnavailable},
		{"no finish reason", []int{10}, []string{""}, Request{}, TokenCheckUnavailable},
	}
	for _, test := range cases {
		if got := checked(true, test.tokens, nil, test.finish, length, test.request).TokenCheck; got != test.want {
			t.Errorf("%s: got %v, want %v", test.name, got, test.want)
		}
	}
}

func TestUsageMismatchWinsOverLengthMatch(t *testing.T) {
	length := Configured{TTFTMs: Unknown, ITLMs: Unknown, OutputLength: 10}
	got := checked(true, []int{10}, &wire.Usage{CompletionTokens: 11}, []string{"length"}, length, Request{}).TokenCheck
	if got != TokenCheckMismatch {
		t.Fatalf("got %v", got)
	}
}

func TestExpectedE2E(t *testing.T) {
	timing := Configured{TTFTMs: 200, ITLMs: 75, OutputLength: 30}
	// The timing contract's own example: 30 tokens, TTFT 200, ITL 75 → 2.45 s non-streamed.
	if got := checked(false, []int{30}, &wire.Usage{CompletionTokens: 30}, []string{"length"}, timing, Request{}).ExpectedE2EMs; got != 2450 {
		t.Fatalf("unary %v, want 2450", got)
	}
	if got := checked(true, []int{30}, nil, []string{"length"}, timing, Request{}).ExpectedE2EMs; got != 2375 {
		t.Fatalf("stream %v, want 2375", got)
	}
	// Usage wins for one choice (the count may be off through a gateway); the longest choice for n>1.
	if got := checked(true, []int{29}, &wire.Usage{CompletionTokens: 30}, []string{"length"}, timing, Request{}).ExpectedE2EMs; got != 2375 {
		t.Fatalf("stream with usage %v, want 2375", got)
	}
	if got := checked(true, []int{4, 6}, &wire.Usage{CompletionTokens: 10}, []string{"stop", "stop"}, timing, Request{Choices: 2}).ExpectedE2EMs; got != 200+5*75 {
		t.Fatalf("n=2 %v", got)
	}
	if got := checked(true, []int{0}, nil, []string{"stop"}, timing, Request{}).ExpectedE2EMs; got != Unknown {
		t.Fatalf("no tokens %v", got)
	}
	unknownITL := Configured{TTFTMs: 200, ITLMs: Unknown, OutputLength: 30}
	if got := checked(true, []int{30}, nil, []string{"length"}, unknownITL, Request{}).ExpectedE2EMs; got != Unknown {
		t.Fatalf("unknown itl %v", got)
	}
}
