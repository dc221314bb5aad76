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

// doneData is the sentinel OpenAI sends as the last event of a stream.
const doneData = "[DONE]"

// choiceProgress is what one choice carries from event to event.
type choiceProgress struct {
	counter     tokens.Counter
	hasToken    bool
	lastTokenAt time.Time
}

// streamAccount turns stamped events into the timings of a Result. It never reads or sleeps:
// events arrive with the time their last byte did, so it is exact and testable without sockets.
type streamAccount struct {
	start   time.Time
	result  *Result
	choices []*choiceProgress
	content strings.Builder
	done    bool
	started bool
}

func newStreamAccount(start time.Time, result *Result) *streamAccount {
	return &streamAccount{start: start, result: result}
}

// event consumes one event that completed at `at`; an error ends the measurement.
func (account *streamAccount) event(event sse.Event, at time.Time) *Error {
	if account.done {
		// OpenAI sends nothing after [DONE]; a server that does cannot change a finished stream.
		return nil
	}
	if event.Data == doneData {
		account.done = true
		return nil
	}
	payload, err := wire.Parse([]byte(event.Data))
	if err != nil {
		account.result.Body = event.Data
		return newError(CodeInvalidPayload, "event data is not JSON (%v): %s", err, clip(event.Data))
	}
	if payload.Error != nil || event.Name == "error" {
		account.result.Body = event.Data
		message := event.Data
		if payload.Error != nil {
			message = payload.Error.Message
		}
		return newError(CodeErrorEvent, "%s", message)
	}
	if payload.Usage != nil {
		account.result.Usage = payload.Usage
	}
	for index := range payload.Choices {
		if err := account.choice(&payload.Choices[index], at); err != nil {
			return err
		}
	}
	return nil
}

func (account *streamAccount) choice(choice *wire.Choice, at time.Time) *Error {
	progress, err := account.progress(choice.Index)
	if err != nil {
		return err
	}
	if choice.FinishReason != nil {
		account.result.FinishReasons[choice.Index] = *choice.FinishReason
	}
	text := choice.Content()
	if text == "" {
		// Role announcements, tool calls and finish chunks carry no content: not a content event.
		return nil
	}
	if choice.Index == 0 {
		account.content.WriteString(text)
	}
	tokenCount := progress.counter.Add(text)
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

// finish completes the result once the response ended at `end`.
func (account *streamAccount) finish(end time.Time) {
	account.result.E2EMs = milliseconds(end.Sub(account.start))
	account.result.Content = account.content.String()
	total := 0
	for _, progress := range account.choices {
		account.result.PerChoiceTokens = append(account.result.PerChoiceTokens, progress.counter.Total())
		total += progress.counter.Total()
	}
	account.result.OutputTokens = total
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
