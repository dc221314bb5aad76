// Package wire holds the parts of the responses a timing measurement reads: OpenAI's chat and legacy
// completions (this file), OpenAI's Responses API (responses.go) and Anthropic's Messages API
// (messages.go): text, tool calls, finish reasons, usage and error objects. Unknown fields are ignored
// so gateways that add their own keep working.
package wire

import "encoding/json"

// Usage is OpenAI's chat token accounting object, and the shape every API's usage is returned in
// (Responses' input/output tokens and Anthropic's are mapped onto it). The js tags name the fields as
// the JS API exposes them.
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

// ToolCall is one tool call of an answer, as the JS API returns it whatever the API: the id a tool
// result refers to (`call_…`, or `toolu_…` for Anthropic), the tool's name and its arguments as JSON text.
type ToolCall struct {
	ID        string `js:"id"`
	Name      string `js:"name"`
	Arguments string `js:"arguments"`
}

// ChatToolCall is an element of a chat message's `tool_calls`, or a streamed fragment of one: the
// first fragment of a call carries its id and name, later ones only `index` and argument text.
type ChatToolCall struct {
	Index    int    `json:"index"`
	ID       string `json:"id"`
	Function struct {
		Name      string  `json:"name"`
		Arguments *string `json:"arguments"`
	} `json:"function"`
}

// messageText covers chat messages (`message`) and chat chunk deltas (`delta`).
type messageText struct {
	Content   *string        `json:"content"`
	ToolCalls []ChatToolCall `json:"tool_calls"`
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

// ToolCalls returns the choice's tool calls or tool-call fragments, whichever API shaped it.
func (choice *Choice) ToolCalls() []ChatToolCall {
	switch {
	case choice.Delta != nil:
		return choice.Delta.ToolCalls
	case choice.Message != nil:
		return choice.Message.ToolCalls
	}
	return nil
}

// Payload is one parsed stream event or non-streamed body: chunk, completion and error objects share
// the shape closely enough that one type reads them all.
type Payload struct {
	ID      string    `json:"id"`
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

// ErrorOf extracts the error of an error body, or nil when the body is not one. OpenAI's
// `{"error": {...}}` and Anthropic's `{"type": "error", "error": {...}}` share the `error` object.
func ErrorOf(body []byte) *APIError {
	var envelope struct {
		Error *APIError `json:"error"`
	}
	if json.Unmarshal(body, &envelope) != nil {
		return nil
	}
	return envelope.Error
}

// ErrorMessage extracts the message of an error body, or "" when the body is not one.
func ErrorMessage(body []byte) string {
	if apiError := ErrorOf(body); apiError != nil {
		return apiError.Message
	}
	return ""
}
