package measure

import (
	"strings"
	"time"

	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/sse"
	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/tokens"
	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/wire"
)

// MaxChoices bounds choice indices, as OpenAI bounds `n` (packages/core/src/protocol.ts MAX_CHOICES).
const MaxChoices = 128

// choiceProgress is what one choice carries from event to event.
type choiceProgress struct {
	counter     tokens.Counter
	hasToken    bool
	lastTokenAt time.Time
}

// streamAccount turns stamped events into the timings of a Result. It never reads or sleeps:
// events arrive with the time their last byte did, so it is exact and testable without sockets.
// Each API's events are read by its own method (stream_chat.go, stream_responses.go,
// stream_messages.go); they all time tokens through fragment.
type streamAccount struct {
	start   time.Time
	request *Request
	result  *Result
	choices []*choiceProgress
	content strings.Builder
	tools   toolCallBuilder
	done    bool
	started bool
	// inputTokens is the prompt size a Messages stream announces in message_start, kept until
	// message_delta brings the output count.
	inputTokens int
}

func newStreamAccount(start time.Time, request *Request, result *Result) *streamAccount {
	return &streamAccount{start: start, request: request, result: result}
}

// event consumes one event that completed at `at`; an error ends the measurement.
func (account *streamAccount) event(event sse.Event, at time.Time) *Error {
	if account.done {
		// Nothing comes after the final event; a server that sends more cannot change a finished stream.
		return nil
	}
	switch account.request.API {
	case APIResponses:
		return account.responsesEvent(event, at)
	case APIMessages:
		return account.messagesEvent(event, at)
	}
	return account.chatEvent(event, at)
}

// finalEvent names what ends a complete stream of the request's API, for truncation errors.
func (account *streamAccount) finalEvent() string {
	switch account.request.API {
	case APIResponses:
		return "response.completed"
	case APIMessages:
		return "message_stop"
	}
	return "data: [DONE]"
}

// fragment times one delta of output: text counted by word starts, or, when json is true, a JSON
// answer or tool arguments counted one token per non-empty delta (see tokens.Counter.AddPiece).
func (account *streamAccount) fragment(index int, text string, json bool, at time.Time) *Error {
	progress, err := account.progress(index)
	if err != nil {
		return err
	}
	if text == "" {
		// Role announcements, a tool call's opening fragment and finish chunks carry no output.
		return nil
	}
	var tokenCount int
	if json {
		tokenCount = progress.counter.AddPiece()
	} else {
		tokenCount = progress.counter.Add(text)
	}
	account.result.TokensPerChunk = append(account.result.TokensPerChunk, tokenCount)
	if tokenCount == 0 {
		// Only spaces, or the rest of a token an earlier event started: no token arrived here.
		return nil
	}
	if !account.started {
		account.started = true
		account.result.TTFTMs = milliseconds(at.Sub(account.start))
	}
	// The first token of the event waited since the previous token of its choice; the others came
	// with it, so their gap is 0 and the mean ITL stays (last − first) / (tokens − 1).
	if progress.hasToken {
		account.result.ITLMs = append(account.result.ITLMs, milliseconds(at.Sub(progress.lastTokenAt)))
	}
	for range tokenCount - 1 {
		account.result.ITLMs = append(account.result.ITLMs, 0)
	}
	progress.hasToken = true
	progress.lastTokenAt = at
	return nil
}

func (account *streamAccount) progress(index int) (*choiceProgress, *Error) {
	if index < 0 || index >= MaxChoices {
		return nil, newError(CodeInvalidPayload, "choice index %d is outside [0, %d)", index, MaxChoices)
	}
	for len(account.choices) <= index {
		account.choices = append(account.choices, &choiceProgress{})
		account.result.FinishReasons = append(account.result.FinishReasons, "")
	}
	return account.choices[index], nil
}

// setFinishReason records why a choice ended (a Responses status or an Anthropic stop reason for
// the single answer of those APIs).
func (account *streamAccount) setFinishReason(index int, reason string) *Error {
	if _, err := account.progress(index); err != nil {
		return err
	}
	account.result.FinishReasons[index] = reason
	return nil
}

// finish completes the result once the response ended at `end`.
func (account *streamAccount) finish(end time.Time) {
	account.result.E2EMs = milliseconds(end.Sub(account.start))
	account.result.Content = account.content.String()
	account.result.ToolCalls = account.tools.list()
	account.result.StructuredOutput = account.request.JSONOutput || len(account.result.ToolCalls) > 0
	total := 0
	for _, progress := range account.choices {
		account.result.PerChoiceTokens = append(account.result.PerChoiceTokens, progress.counter.Total())
		total += progress.counter.Total()
	}
	account.result.OutputTokens = total
}

// errorEvent fails the measurement with the message of an error event, keeping its data.
func (account *streamAccount) errorEvent(data, message string) *Error {
	account.result.Body = data
	if message == "" {
		message = clip(data)
	}
	return newError(CodeErrorEvent, "%s", message)
}

func invalidEvent(data string, err error) *Error {
	return newError(CodeInvalidPayload, "event data is not JSON (%v): %s", err, clip(data))
}

// toolCallBuilder assembles tool calls from their streamed fragments, keyed by what each API
// addresses a call by (chat's tool_calls index, a Responses item id, an Anthropic block index).
type toolCallBuilder struct {
	calls []wire.ToolCall
	byKey map[string]int
}

// add merges a fragment into the call with this key, creating the call at its first fragment. An
// empty id or name leaves the call's own alone: only a call's first fragment names it.
func (builder *toolCallBuilder) add(key, id, name, arguments string) {
	if builder.byKey == nil {
		builder.byKey = map[string]int{}
	}
	position, ok := builder.byKey[key]
	if !ok {
		position = len(builder.calls)
		builder.byKey[key] = position
		builder.calls = append(builder.calls, wire.ToolCall{})
	}
	call := &builder.calls[position]
	if id != "" {
		call.ID = id
	}
	if name != "" {
		call.Name = name
	}
	call.Arguments += arguments
}

// replaceArguments sets a call's complete arguments, when a final event repeats them.
func (builder *toolCallBuilder) replaceArguments(key, arguments string) {
	if position, ok := builder.byKey[key]; ok {
		builder.calls[position].Arguments = arguments
	}
}

func (builder *toolCallBuilder) list() []wire.ToolCall {
	if builder.calls == nil {
		return []wire.ToolCall{}
	}
	return builder.calls
}

// milliseconds converts a monotonic duration to float milliseconds with microsecond resolution.
func milliseconds(duration time.Duration) float64 {
	return float64(duration.Microseconds()) / 1000
}

// clip keeps error messages readable when a server sends a large wrong payload.
func clip(text string) string {
	const limit = 200
	if len(text) <= limit {
		return text
	}
	return text[:limit] + "…"
}
