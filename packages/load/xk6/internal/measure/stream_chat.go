package measure

import (
	"strconv"
	"time"

	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/sse"
	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/wire"
)

// doneData is the sentinel OpenAI sends as the last event of a chat or legacy completion stream.
const doneData = "[DONE]"

// chatEvent reads a chat or legacy completion chunk: content deltas, tool-call fragments (their
// argument text is output, one token per fragment), finish reasons and usage.
func (account *streamAccount) chatEvent(event sse.Event, at time.Time) *Error {
	if event.Data == doneData {
		account.done = true
		return nil
	}
	payload, err := wire.Parse([]byte(event.Data))
	if err != nil {
		account.result.Body = event.Data
		return invalidEvent(event.Data, err)
	}
	if payload.Error != nil || event.Name == "error" {
		message := ""
		if payload.Error != nil {
			message = payload.Error.Message
		}
		return account.errorEvent(event.Data, message)
	}
	if account.result.ID == "" {
		account.result.ID = payload.ID
	}
	if payload.Usage != nil {
		account.result.Usage = payload.Usage
	}
	for index := range payload.Choices {
		if err := account.chatChoice(&payload.Choices[index], at); err != nil {
			return err
		}
	}
	return nil
}

func (account *streamAccount) chatChoice(choice *wire.Choice, at time.Time) *Error {
	if _, err := account.progress(choice.Index); err != nil {
		return err
	}
	if choice.FinishReason != nil {
		account.result.FinishReasons[choice.Index] = *choice.FinishReason
	}
	text := choice.Content()
	if choice.Index == 0 {
		account.content.WriteString(text)
	}
	if err := account.fragment(choice.Index, text, account.request.JSONOutput, at); err != nil {
		return err
	}
	for _, call := range choice.ToolCalls() {
		arguments := ""
		if call.Function.Arguments != nil {
			arguments = *call.Function.Arguments
		}
		if choice.Index == 0 {
			account.tools.add(strconv.Itoa(call.Index), call.ID, call.Function.Name, arguments)
		}
		if err := account.fragment(choice.Index, arguments, true, at); err != nil {
			return err
		}
	}
	return nil
}
