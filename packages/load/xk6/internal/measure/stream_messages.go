package measure

import (
	"strconv"
	"time"

	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/sse"
	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/wire"
)

// messagesEvent reads one Anthropic Messages event. `text_delta` and `input_json_delta` are the
// output; `message_delta` brings the stop reason and the cumulative output tokens, `message_stop`
// ends the stream (there is no `[DONE]`); `event: error` is an error event.
func (account *streamAccount) messagesEvent(event sse.Event, at time.Time) *Error {
	parsed, err := wire.ParseMessagesEvent([]byte(event.Data))
	if err != nil {
		account.result.Body = event.Data
		return invalidEvent(event.Data, err)
	}
	// Anthropic's SDKs dispatch on the event name; the JSON type repeats it.
	kind := event.Name
	if kind == "" {
		kind = parsed.Type
	}
	switch kind {
	case wire.MessagesError:
		message := ""
		if parsed.Error != nil {
			message = parsed.Error.Message
		}
		return account.errorEvent(event.Data, message)
	case wire.MessagesStart:
		if message := parsed.Message; message != nil {
			account.result.ID = message.ID
			if message.Usage != nil {
				account.inputTokens, _ = message.Usage.InputTotal()
			}
		}
	case wire.MessagesBlockStart:
		if block := parsed.ContentBlock; block != nil && block.Type == wire.MessagesToolUse {
			account.tools.add(strconv.Itoa(parsed.Index), block.ID, block.Name, "")
		}
	case wire.MessagesBlockDelta:
		return account.messagesDelta(parsed, at)
	case wire.MessagesDeltaEvent:
		return account.messagesEnd(parsed)
	case wire.MessagesStop:
		account.done = true
	}
	return nil
}

func (account *streamAccount) messagesDelta(parsed *wire.MessagesEvent, at time.Time) *Error {
	delta := parsed.Delta
	if delta == nil {
		return newError(CodeInvalidPayload, "content_block_delta carries no delta")
	}
	switch delta.Type {
	case wire.MessagesTextDelta:
		account.content.WriteString(delta.Text)
		return account.fragment(0, delta.Text, account.request.JSONOutput, at)
	case wire.MessagesJSONDelta:
		account.tools.add(strconv.Itoa(parsed.Index), "", "", delta.PartialJSON)
		return account.fragment(0, delta.PartialJSON, true, at)
	}
	// Thinking, signature and citation deltas are not the answer's text.
	return nil
}

// messagesEnd reads message_delta: its output_tokens is the cumulative total, and an input count
// there replaces the one message_start announced.
func (account *streamAccount) messagesEnd(parsed *wire.MessagesEvent) *Error {
	if parsed.Delta != nil && parsed.Delta.StopReason != nil {
		if err := account.setFinishReason(0, *parsed.Delta.StopReason); err != nil {
			return err
		}
	}
	if usage := parsed.Usage; usage != nil && usage.OutputTokens != nil {
		if input, ok := usage.InputTotal(); ok {
			account.inputTokens = input
		}
		output := *usage.OutputTokens
		account.result.Usage = &wire.Usage{
			PromptTokens:     account.inputTokens,
			CompletionTokens: output,
			TotalTokens:      account.inputTokens + output,
		}
	}
	return nil
}
