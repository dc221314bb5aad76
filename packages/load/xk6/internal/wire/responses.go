package wire

import "encoding/json"

// ResponsesUsage is the Responses API's token accounting (`response.usage`).
type ResponsesUsage struct {
	InputTokens  int `json:"input_tokens"`
	OutputTokens int `json:"output_tokens"`
	TotalTokens  int `json:"total_tokens"`
}

// Usage maps the Responses accounting onto the chat names the JS API returns.
func (usage *ResponsesUsage) Usage() *Usage {
	return &Usage{PromptTokens: usage.InputTokens, CompletionTokens: usage.OutputTokens, TotalTokens: usage.TotalTokens}
}

// ResponsesPart is a content part of a message item (`output_text`, `refusal`).
type ResponsesPart struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

// ResponsesItem is an output item: a `message` with content parts, or a `function_call` whose
// `call_id` is what a `function_call_output` refers to.
type ResponsesItem struct {
	Type      string          `json:"type"`
	ID        string          `json:"id"`
	CallID    string          `json:"call_id"`
	Name      string          `json:"name"`
	Arguments string          `json:"arguments"`
	Content   []ResponsesPart `json:"content"`
}

// ResponsesObject is the `Response`: a non-streamed body, or the snapshot lifecycle events carry.
type ResponsesObject struct {
	ID     string          `json:"id"`
	Status string          `json:"status"`
	Output []ResponsesItem `json:"output"`
	Usage  *ResponsesUsage `json:"usage"`
	Error  *APIError       `json:"error"`
}

// ResponsesEvent is one streamed Responses event. Which fields are set depends on Type: `delta` on
// `response.output_text.delta` and `response.function_call_arguments.delta`, `item` on the
// `response.output_item.*` events, `response` on the lifecycle events, `message` on the flat `error`
// event (a nested `error` object is read too, as the SDKs do).
type ResponsesEvent struct {
	Type     string           `json:"type"`
	ItemID   string           `json:"item_id"`
	Delta    string           `json:"delta"`
	Item     *ResponsesItem   `json:"item"`
	Response *ResponsesObject `json:"response"`
	Message  string           `json:"message"`
	Error    *APIError        `json:"error"`
}

// Responses event types a measurement reads; the others (part and `.done` events, reasoning) carry
// nothing it needs.
const (
	ResponsesCreated        = "response.created"
	ResponsesTextDelta      = "response.output_text.delta"
	ResponsesArgumentsDelta = "response.function_call_arguments.delta"
	ResponsesItemAdded      = "response.output_item.added"
	ResponsesItemDone       = "response.output_item.done"
	ResponsesCompleted      = "response.completed"
	ResponsesIncomplete     = "response.incomplete"
	ResponsesFailed         = "response.failed"
	ResponsesError          = "error"
)

// ParseResponsesEvent decodes one Responses event's data.
func ParseResponsesEvent(data []byte) (*ResponsesEvent, error) {
	var event ResponsesEvent
	if err := json.Unmarshal(data, &event); err != nil {
		return nil, err
	}
	return &event, nil
}

// ParseResponsesObject decodes a non-streamed Responses body.
func ParseResponsesObject(data []byte) (*ResponsesObject, error) {
	var object ResponsesObject
	if err := json.Unmarshal(data, &object); err != nil {
		return nil, err
	}
	return &object, nil
}
