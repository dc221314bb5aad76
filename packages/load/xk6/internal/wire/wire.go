// Package wire holds the parts of OpenAI's chat and legacy completion responses that a timing
// measurement reads: choice text, finish reasons, usage and error objects. Unknown fields are ignored
// so gateways that add their own keep working.
package wire

import "encoding/json"

// Usage is OpenAI's token accounting object. The js tags name the fields as the JS API exposes them.
type Usage struct {
	PromptTokens     int `json:"prompt_tokens" js:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens" js:"completion_tokens"`
	TotalTokens      int `json:"total_tokens" js:"total_tokens"`
}

// APIError is the body of OpenAI's `{"error": {...}}` envelope.
type APIError struct {
	Message string `json:"message"`
	Type    string `json:"type"`
}

// messageText covers chat messages (`message`) and chat chunk deltas (`delta`).
type messageText struct {
	Content *string `json:"content"`
}

// Choice is one element of `choices` in a chat chunk, a chat completion, a legacy completion chunk
// or a legacy completion.
type Choice struct {
	Index        int          `json:"index"`
	Delta        *messageText `json:"delta"`
	Message      *messageText `json:"message"`
	Text         *string      `json:"text"`
	FinishReason *string      `json:"finish_reason"`
}

// Content returns the choice's text, whichever API shaped it.
func (choice *Choice) Content() string {
	switch {
	case choice.Delta != nil && choice.Delta.Content != nil:
		return *choice.Delta.Content
	case choice.Message != nil && choice.Message.Content != nil:
		return *choice.Message.Content
	case choice.Text != nil:
		return *choice.Text
	}
	return ""
}

// Payload is one parsed stream event or non-streamed body: chunk, completion and error objects share
// the shape closely enough that one type reads them all.
type Payload struct {
	Choices []Choice  `json:"choices"`
	Usage   *Usage    `json:"usage"`
	Error   *APIError `json:"error"`
}

// Parse decodes one event's data or one whole body.
func Parse(data []byte) (*Payload, error) {
	var payload Payload
	if err := json.Unmarshal(data, &payload); err != nil {
		return nil, err
	}
	return &payload, nil
}

// ErrorMessage extracts the message of an OpenAI error body, or "" when the body is not one.
func ErrorMessage(body []byte) string {
	var envelope struct {
		Error *APIError `json:"error"`
	}
	if json.Unmarshal(body, &envelope) != nil || envelope.Error == nil {
		return ""
	}
	return envelope.Error.Message
}
