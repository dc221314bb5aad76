package measure

import (
	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/tokens"
	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/wire"
)

// accountUnary fills a Result from a whole non-streamed body.
func accountUnary(body []byte, result *Result) *Error {
	result.Body = string(body)
	payload, err := wire.Parse(body)
	if err != nil {
		return newError(CodeInvalidPayload, "body is not JSON (%v): %s", err, clip(string(body)))
	}
	if payload.Error != nil {
		return newError(CodeErrorEvent, "%s", payload.Error.Message)
	}
	result.Usage = payload.Usage
	for index := range payload.Choices {
		choice := &payload.Choices[index]
		if choice.Index < 0 || choice.Index >= MaxChoices {
			return newError(CodeInvalidPayload, "choice index %d is outside [0, %d)", choice.Index, MaxChoices)
		}
		for len(result.FinishReasons) <= choice.Index {
			result.FinishReasons = append(result.FinishReasons, "")
			result.PerChoiceTokens = append(result.PerChoiceTokens, 0)
		}
		if choice.FinishReason != nil {
			result.FinishReasons[choice.Index] = *choice.FinishReason
		}
		text := choice.Content()
		if choice.Index == 0 {
			result.Content = text
		}
		count := tokens.Count(text)
		result.PerChoiceTokens[choice.Index] += count
		result.OutputTokens += count
	}
	return nil
}
