package measure

import (
	"time"

	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/sse"
	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/wire"
)

// responsesEvent reads one Responses event. Text deltas and function-call argument deltas are the
// output; `response.completed` or `response.incomplete` ends the stream with the usage (there is no
// `[DONE]`); `response.failed` and `error` are error events.
func (account *streamAccount) responsesEvent(event sse.Event, at time.Time) *Error {
	parsed, err := wire.ParseResponsesEvent([]byte(event.Data))
	if err != nil {
		account.result.Body = event.Data
		return invalidEvent(event.Data, err)
	}
	// The OpenAI SDKs dispatch on the JSON type; the event name only matters for `error`.
	kind := parsed.Type
	if kind == "" {
		kind = event.Name
	}
	if event.Name == wire.ResponsesError || kind == wire.ResponsesError {
		message := parsed.Message
		if message == "" && parsed.Error != nil {
			message = parsed.Error.Message
		}
		return account.errorEvent(event.Data, message)
	}
	switch kind {
	case wire.ResponsesCreated:
		if parsed.Response != nil {
			account.result.ID = parsed.Response.ID
		}
	case wire.ResponsesTextDelta:
		account.content.WriteString(parsed.Delta)
		return account.fragment(0, parsed.Delta, account.request.JSONOutput, at)
	case wire.ResponsesItemAdded:
		if item := parsed.Item; item != nil && item.Type == "function_call" {
			account.tools.add(item.ID, item.CallID, item.Name, "")
		}
	case wire.ResponsesArgumentsDelta:
		account.tools.add(parsed.ItemID, "", "", parsed.Delta)
		return account.fragment(0, parsed.Delta, true, at)
	case wire.ResponsesItemDone:
		if item := parsed.Item; item != nil && item.Type == "function_call" {
			account.tools.add(item.ID, item.CallID, item.Name, "")
			account.tools.replaceArguments(item.ID, item.Arguments)
		}
	case wire.ResponsesCompleted, wire.ResponsesIncomplete:
		return account.responsesEnd(parsed.Response, kind)
	case wire.ResponsesFailed:
		message := ""
		if parsed.Response != nil && parsed.Response.Error != nil {
			message = parsed.Response.Error.Message
		}
		return account.errorEvent(event.Data, message)
	}
	return nil
}

// responsesEnd takes the status and usage of the final snapshot.
func (account *streamAccount) responsesEnd(response *wire.ResponsesObject, kind string) *Error {
	if response == nil {
		return newError(CodeInvalidPayload, "%s carries no response object", kind)
	}
	account.done = true
	if account.result.ID == "" {
		account.result.ID = response.ID
	}
	if response.Usage != nil {
		account.result.Usage = response.Usage.Usage()
	}
	return account.setFinishReason(0, response.Status)
}
