package measure

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/sse"
)

var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func at(milliseconds float64) time.Time {
	return epoch.Add(time.Duration(milliseconds * float64(time.Millisecond)))
}

func chatChunk(index int, content string) string {
	return fmt.Sprintf(`{"object":"chat.completion.chunk","choices":[{"index":%d,"delta":{"content":%q},"finish_reason":null}]}`, index, content)
}

func finishChunk(index int, reason string) string {
	return fmt.Sprintf(`{"choices":[{"index":%d,"delta":{},"finish_reason":%q}]}`, index, reason)
}

type stampedEvent struct {
	data string
	atMs float64
}

// account feeds events and returns the finished result and the first error.
func account(t *testing.T, endMs float64, events ...stampedEvent) (*Result, *Error, *streamAccount) {
	t.Helper()
	return accountFor(t, &Request{API: APIChat}, endMs, events...)
}

// accountFor feeds events of the request's API.
func accountFor(t *testing.T, request *Request, endMs float64, events ...stampedEvent) (*Result, *Error, *streamAccount) {
	t.Helper()
	result := newResult(true)
	account := newStreamAccount(epoch, request, result)
	for _, event := range events {
		if failure := account.event(sse.Event{Data: event.data}, at(event.atMs)); failure != nil {
			account.finish(at(event.atMs))
			return result, failure, account
		}
	}
	account.finish(at(endMs))
	return result, nil, account
}

func TestOneTokenPerEvent(t *testing.T) {
	result, failure, state := account(t, 260.5,
		stampedEvent{`{"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}`, 1},
		stampedEvent{chatChunk(0, "Alpha"), 100.25},
		stampedEvent{chatChunk(0, " beta"), 150.5},
		stampedEvent{chatChunk(0, " gamma"), 200.75},
		stampedEvent{finishChunk(0, "length"), 201},
		stampedEvent{`{"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}`, 202},
		stampedEvent{"[DONE]", 260},
	)
	if failure != nil || !state.done {
		t.Fatalf("failure %v, done %v", failure, state.done)
	}
	if result.TTFTMs != 100.25 || result.E2EMs != 260.5 {
		t.Fatalf("ttft %v e2e %v", result.TTFTMs, result.E2EMs)
	}
	if want := []float64{50.25, 50.25}; !reflect.DeepEqual(result.ITLMs, want) {
		t.Fatalf("itl %v, want %v", result.ITLMs, want)
	}
	if want := []int{1, 1, 1}; !reflect.DeepEqual(result.TokensPerChunk, want) {
		t.Fatalf("tokens per chunk %v, want %v", result.TokensPerChunk, want)
	}
	if result.OutputTokens != 3 || result.Content != "Alpha beta gamma" || result.Usage.CompletionTokens != 3 {
		t.Fatalf("tokens %d content %q usage %#v", result.OutputTokens, result.Content, result.Usage)
	}
	if !reflect.DeepEqual(result.FinishReasons, []string{"length"}) {
		t.Fatalf("finish reasons %v", result.FinishReasons)
	}
}

func TestThreeTokensInOneEventGetZeroGaps(t *testing.T) {
	result, failure, _ := account(t, 400,
		stampedEvent{chatChunk(0, "Alpha"), 100},
		stampedEvent{chatChunk(0, " beta gamma delta"), 250},
		stampedEvent{chatChunk(0, " epsilon"), 300},
		stampedEvent{"[DONE]", 301},
	)
	if failure != nil {
		t.Fatal(failure)
	}
	if want := []float64{150, 0, 0, 50}; !reflect.DeepEqual(result.ITLMs, want) {
		t.Fatalf("itl %v, want %v", result.ITLMs, want)
	}
	if want := []int{1, 3, 1}; !reflect.DeepEqual(result.TokensPerChunk, want) {
		t.Fatalf("tokens per chunk %v", result.TokensPerChunk)
	}
	// Count(ITL) = tokens − 1 and the mean is (last − first) / (tokens − 1).
	sum := 0.0
	for _, gap := range result.ITLMs {
		sum += gap
	}
	if len(result.ITLMs) != result.OutputTokens-1 || sum/float64(len(result.ITLMs)) != (300.0-100.0)/4 {
		t.Fatalf("itl count %d tokens %d mean %v", len(result.ITLMs), result.OutputTokens, sum/4)
	}
}

func TestTokenSplitAcrossEventsIsTimedByItsWordStart(t *testing.T) {
	result, failure, _ := account(t, 300,
		stampedEvent{chatChunk(0, "Al"), 100},
		stampedEvent{chatChunk(0, "pha "), 120},
		stampedEvent{chatChunk(0, "beta"), 180},
		stampedEvent{"[DONE]", 200},
	)
	if failure != nil {
		t.Fatal(failure)
	}
	if result.TTFTMs != 100 || result.OutputTokens != 2 {
		t.Fatalf("ttft %v tokens %d", result.TTFTMs, result.OutputTokens)
	}
	if want := []float64{80}; !reflect.DeepEqual(result.ITLMs, want) {
		t.Fatalf("itl %v, want %v", result.ITLMs, want)
	}
	if want := []int{1, 0, 1}; !reflect.DeepEqual(result.TokensPerChunk, want) {
		t.Fatalf("tokens per chunk %v, want %v", result.TokensPerChunk, want)
	}
}

func TestChoicesAreTimedSeparately(t *testing.T) {
	result, failure, _ := account(t, 300,
		stampedEvent{chatChunk(0, "Alpha"), 100},
		stampedEvent{chatChunk(1, "Beta"), 101},
		stampedEvent{chatChunk(0, " gamma"), 150},
		stampedEvent{chatChunk(1, " delta"), 152},
		stampedEvent{finishChunk(1, "stop"), 153},
		stampedEvent{finishChunk(0, "length"), 153},
		stampedEvent{"[DONE]", 154},
	)
	if failure != nil {
		t.Fatal(failure)
	}
	if result.TTFTMs != 100 || result.OutputTokens != 4 || result.Content != "Alpha gamma" {
		t.Fatalf("ttft %v tokens %d content %q", result.TTFTMs, result.OutputTokens, result.Content)
	}
	if want := []float64{50, 51}; !reflect.DeepEqual(result.ITLMs, want) {
		t.Fatalf("itl %v, want %v", result.ITLMs, want)
	}
	if want := []string{"length", "stop"}; !reflect.DeepEqual(result.FinishReasons, want) {
		t.Fatalf("finish reasons %v", result.FinishReasons)
	}
	if want := []int{2, 2}; !reflect.DeepEqual(result.PerChoiceTokens, want) {
		t.Fatalf("per choice %v", result.PerChoiceTokens)
	}
}

func TestLegacyCompletionChunks(t *testing.T) {
	result, failure, _ := account(t, 100,
		stampedEvent{`{"object":"text_completion","choices":[{"index":0,"text":"Alpha","finish_reason":null}]}`, 10},
		stampedEvent{`{"object":"text_completion","choices":[{"index":0,"text":" beta","finish_reason":"length"}]}`, 30},
		stampedEvent{"[DONE]", 40},
	)
	if failure != nil {
		t.Fatal(failure)
	}
	if result.OutputTokens != 2 || result.TTFTMs != 10 || !reflect.DeepEqual(result.ITLMs, []float64{20}) {
		t.Fatalf("tokens %d ttft %v itl %v", result.OutputTokens, result.TTFTMs, result.ITLMs)
	}
	if !reflect.DeepEqual(result.FinishReasons, []string{"length"}) {
		t.Fatalf("finish %v", result.FinishReasons)
	}
}

func TestUsageOnlyStreamHasNoTTFT(t *testing.T) {
	result, failure, state := account(t, 50,
		stampedEvent{`{"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":0,"total_tokens":5}}`, 20},
		stampedEvent{"[DONE]", 21},
	)
	if failure != nil || !state.done {
		t.Fatal(failure)
	}
	if result.TTFTMs != Unknown || result.OutputTokens != 0 || len(result.ITLMs) != 0 || len(result.TokensPerChunk) != 0 {
		t.Fatalf("result %#v", result)
	}
	if result.Usage == nil || result.Usage.PromptTokens != 5 {
		t.Fatalf("usage %#v", result.Usage)
	}
}

func TestErrorEventStopsTheStream(t *testing.T) {
	data := `{"error":{"message":"upstream overloaded","type":"server_error"}}`
	result, failure, _ := account(t, 0,
		stampedEvent{chatChunk(0, "Alpha"), 10},
		stampedEvent{data, 30},
	)
	if failure == nil || failure.Code != CodeErrorEvent || failure.Message != "upstream overloaded" {
		t.Fatalf("failure %#v", failure)
	}
	if result.Body != data || result.OutputTokens != 1 {
		t.Fatalf("body %q tokens %d", result.Body, result.OutputTokens)
	}
}

func TestNamedErrorEventWithoutEnvelope(t *testing.T) {
	result := newResult(true)
	state := newStreamAccount(epoch, &Request{API: APIChat}, result)
	failure := state.event(sse.Event{Name: "error", Data: `{"detail":"boom"}`}, at(5))
	if failure == nil || failure.Code != CodeErrorEvent || failure.Message != `{"detail":"boom"}` {
		t.Fatalf("failure %#v", failure)
	}
}

func TestInvalidEventData(t *testing.T) {
	_, failure, _ := account(t, 0, stampedEvent{`{"choices":[`, 10})
	if failure == nil || failure.Code != CodeInvalidPayload || !strings.Contains(failure.Message, `{"choices":[`) {
		t.Fatalf("failure %#v", failure)
	}
}

func TestChoiceIndexOutOfRange(t *testing.T) {
	_, failure, _ := account(t, 0, stampedEvent{chatChunk(MaxChoices, "Alpha"), 10})
	if failure == nil || failure.Code != CodeInvalidPayload {
		t.Fatalf("failure %#v", failure)
	}
}

func TestEventsAfterDoneAreIgnored(t *testing.T) {
	result, failure, _ := account(t, 100,
		stampedEvent{chatChunk(0, "Alpha"), 10},
		stampedEvent{"[DONE]", 20},
		stampedEvent{chatChunk(0, " beta"), 30},
	)
	if failure != nil || result.OutputTokens != 1 {
		t.Fatalf("failure %v tokens %d", failure, result.OutputTokens)
	}
}

func TestMillisecondsHaveMicrosecondResolution(t *testing.T) {
	if got := milliseconds(123456789 * time.Nanosecond); got != 123.456 {
		t.Fatalf("got %v", got)
	}
}
