package measure

// deriveChecks computes the token check and the expected end-to-end time of a successful result.
func (result *Result) deriveChecks(request *Request) {
	result.TokenCheck = checkTokens(result, request)
	result.ExpectedE2EMs = expectedE2E(result, request.Streamed)
}

func checkTokens(result *Result, request *Request) TokenCheck {
	check := TokenCheckUnavailable
	record := func(matched bool) {
		if !matched {
			check = TokenCheckMismatch
		} else if check == TokenCheckUnavailable {
			check = TokenCheckMatch
		}
	}
	// Tokens taken from usage cannot be checked against it.
	if result.Usage != nil && !result.CountedFromUsage {
		record(result.OutputTokens == result.Usage.CompletionTokens)
	}
	// The configured length is exact only when nothing in the body could end a choice early, every
	// choice ended normally (a content filter or tool call would not be a mismatch), and the answer is
	// text: a schema can need more tokens than configured, and the emulator then sends its smallest
	// valid document.
	if result.Configured.OutputLength >= 0 && !request.LengthLimited && !result.StructuredOutput &&
		endedNormally(request.API, result.FinishReasons) {
		expected := result.Configured.OutputLength * float64(request.Choices)
		record(float64(result.OutputTokens) == expected)
	}
	return check
}

// endedNormally tells whether every choice ended as a text answer of the configured length does:
// `stop` or `length` for chat (a body without a cap), `completed` for Responses, `end_turn` for
// Messages (whose required max_tokens shows as the stop reason `max_tokens` when it cuts).
func endedNormally(api API, finishReasons []string) bool {
	if len(finishReasons) == 0 {
		return false
	}
	for _, reason := range finishReasons {
		if !normalEnd(api, reason) {
			return false
		}
	}
	return true
}

func normalEnd(api API, reason string) bool {
	switch api {
	case APIResponses:
		return reason == "completed"
	case APIMessages:
		return reason == "end_turn"
	}
	return reason == "length" || reason == "stop"
}

// expectedE2E applies the timing contract: streamed TTFT + (N−1)·ITL, non-streamed TTFT + N·ITL,
// with N per choice (choices run in parallel).
func expectedE2E(result *Result, streamed bool) float64 {
	configured := result.Configured
	if configured.TTFTMs < 0 || configured.ITLMs < 0 {
		return Unknown
	}
	tokenCount := tokensPerChoice(result)
	if streamed {
		if tokenCount == 0 {
			return Unknown
		}
		return configured.TTFTMs + float64(tokenCount-1)*configured.ITLMs
	}
	return configured.TTFTMs + float64(tokenCount)*configured.ITLMs
}

// tokensPerChoice trusts the server's usage for a single choice, and takes the longest choice
// otherwise (usage then sums all choices).
func tokensPerChoice(result *Result) int {
	if result.Usage != nil && len(result.PerChoiceTokens) <= 1 {
		return result.Usage.CompletionTokens
	}
	longest := 0
	for _, count := range result.PerChoiceTokens {
		longest = max(longest, count)
	}
	return longest
}
