package measure

import (
	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/tokens"
	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/wire"
)

// accountUnary fills a Result from a whole non-streamed body. Text is counted by word starts; JSON
// (a JSON answer or tool arguments) has no deltas to count in a body, so its output tokens are taken
// from usage and not checked.
func accountUnary(body []byte, request *Request, result *Result) *Error {
	result.Body = string(body)
	if apiError := wire.ErrorOf(body); apiError != nil {
		return newError(CodeErrorEvent, "%s", apiError.Message)
	}
	var failure *Error
	switch request.API {
	case APIResponses:
		failure = accountResponsesBody(body, result)
	case APIMessages:
		failure = accountMessagesBody(body, result)
	default:
		failure = accountChatBody(body, result)
	}
	if failure != nil {
		return failure
	}
	result.StructuredOutput = request.JSONOutput || len(result.ToolCalls) > 0
	if result.StructuredOutput && result.Usage != nil && len(result.PerChoiceTokens) <= 1 {
		result.CountedFromUsage = true
		result.OutputTokens = result.Usage.CompletionTokens
		result.PerChoiceTokens = []int{result.Usage.CompletionTokens}
	}
	return nil
}

func notJSON(body []byte, err error) *Error {
	return newError(CodeInvalidPayload, "body is not JSON (%v): %s", err, clip(string(body)))
}

// addChoiceText counts the text of one choice index into the result.
func addChoiceText(result *Result, index int, text string) {
	for len(result.FinishReasons) <= index {
		result.FinishReasons = append(result.FinishReasons, "")
		result.PerChoiceTokens = append(result.PerChoiceTokens, 0)
	}
	count := tokens.Count(text)
	result.PerChoiceTokens[index] += count
	result.OutputTokens += count
}

func accountChatBody(body []byte, result *Result) *Error {
	payload, err := wire.Parse(body)
	if err != nil {
		return notJSON(body, err)
	}
	result.ID = payload.ID
	result.Usage = payload.Usage
	for index := range payload.Choices {
		choice := &payload.Choices[index]
		if choice.Index < 0 || choice.Index >= MaxChoices {
			return newError(CodeInvalidPayload, "choice index %d is outside [0, %d)", choice.Index, MaxChoices)
		}
		text := choice.Content()
		addChoiceText(result, choice.Index, text)
		if choice.FinishReason != nil {
			result.FinishReasons[choice.Index] = *choice.FinishReason
		}
		if choice.Index != 0 {
			continue
		}
		result.Content = text
		for _, call := range choice.ToolCalls() {
			arguments := ""
			if call.Function.Arguments != nil {
				arguments = *call.Function.Arguments
			}
			result.ToolCalls = append(result.ToolCalls, wire.ToolCall{ID: call.ID, Name: call.Function.Name, Arguments: arguments})
		}
	}
	return nil
}

func accountResponsesBody(body []byte, result *Result) *Error {
	response, err := wire.ParseResponsesObject(body)
	if err != nil {
		return notJSON(body, err)
	}
	if response.Status == "failed" {
		message := "the response failed"
		if response.Error != nil {
			message = response.Error.Message
		}
		return newError(CodeErrorEvent, "%s", message)
	}
	result.ID = response.ID
	if response.Usage != nil {
		result.Usage = response.Usage.Usage()
	}
	text := ""
	for _, item := range response.Output {
		switch item.Type {
		case "message":
			for _, part := range item.Content {
				if part.Type == "output_text" {
					text += part.Text
				}
			}
		case "function_call":
			result.ToolCalls = append(result.ToolCalls, wire.ToolCall{ID: item.CallID, Name: item.Name, Arguments: item.Arguments})
		}
	}
	result.Content = text
	addChoiceText(result, 0, text)
	result.FinishReasons[0] = response.Status
	return nil
}

func accountMessagesBody(body []byte, result *Result) *Error {
	message, err := wire.ParseMessagesMessage(body)
	if err != nil {
		return notJSON(body, err)
	}
	result.ID = message.ID
	if usage := message.Usage; usage != nil && usage.OutputTokens != nil {
		input, _ := usage.InputTotal()
		result.Usage = &wire.Usage{PromptTokens: input, CompletionTokens: *usage.OutputTokens, TotalTokens: input + *usage.OutputTokens}
	}
	text := ""
	for _, block := range message.Content {
		switch block.Type {
		case wire.MessagesText:
			text += block.Text
		case wire.MessagesToolUse:
			result.ToolCalls = append(result.ToolCalls, wire.ToolCall{ID: block.ID, Name: block.Name, Arguments: block.InputText()})
		}
	}
	result.Content = text
	addChoiceText(result, 0, text)
	if message.StopReason != nil {
		result.FinishReasons[0] = *message.StopReason
	}
	return nil
}
