package wire

import (
	"bytes"
	"encoding/json"
)

// MessagesUsage is Anthropic's token accounting. Input is split into uncached, cache-write and
// cache-read tokens, which are disjoint; pointers tell an absent count from 0 in `message_delta`.
type MessagesUsage struct {
	InputTokens              *int `json:"input_tokens"`
	CacheCreationInputTokens *int `json:"cache_creation_input_tokens"`
	CacheReadInputTokens     *int `json:"cache_read_input_tokens"`
	OutputTokens             *int `json:"output_tokens"`
}

// InputTotal is the whole prompt: uncached plus cache-write plus cache-read tokens; ok is false when
// the usage names no input count.
func (usage *MessagesUsage) InputTotal() (int, bool) {
	if usage.InputTokens == nil {
		return 0, false
	}
	total := *usage.InputTokens
	for _, count := range []*int{usage.CacheCreationInputTokens, usage.CacheReadInputTokens} {
		if count != nil {
			total += *count
		}
	}
	return total, true
}

// MessagesBlock is a content block: `text`, or `tool_use` with its input object.
type MessagesBlock struct {
	Type  string          `json:"type"`
	Text  string          `json:"text"`
	ID    string          `json:"id"`
	Name  string          `json:"name"`
	Input json.RawMessage `json:"input"`
}

// InputText is a tool_use block's input as compact JSON text, the form chat and Responses give it.
func (block *MessagesBlock) InputText() string {
	var compact bytes.Buffer
	if json.Compact(&compact, block.Input) != nil {
		return string(block.Input)
	}
	return compact.String()
}

// MessagesMessage is a non-streamed Messages body, or the snapshot `message_start` carries.
type MessagesMessage struct {
	ID         string          `json:"id"`
	Content    []MessagesBlock `json:"content"`
	StopReason *string         `json:"stop_reason"`
	Usage      *MessagesUsage  `json:"usage"`
}

// MessagesDelta is a `content_block_delta`'s `delta` (`text_delta` text or `input_json_delta`
// partial JSON) or a `message_delta`'s (the stop reason).
type MessagesDelta struct {
	Type        string  `json:"type"`
	Text        string  `json:"text"`
	PartialJSON string  `json:"partial_json"`
	StopReason  *string `json:"stop_reason"`
}

// MessagesEvent is one streamed Messages event; which fields are set depends on its type.
type MessagesEvent struct {
	Type         string           `json:"type"`
	Index        int              `json:"index"`
	Message      *MessagesMessage `json:"message"`
	ContentBlock *MessagesBlock   `json:"content_block"`
	Delta        *MessagesDelta   `json:"delta"`
	Usage        *MessagesUsage   `json:"usage"`
	Error        *APIError        `json:"error"`
}

// Messages event types and delta types a measurement reads (`ping` and `content_block_stop` carry
// nothing it needs).
const (
	MessagesStart      = "message_start"
	MessagesBlockStart = "content_block_start"
	MessagesBlockDelta = "content_block_delta"
	MessagesDeltaEvent = "message_delta"
	MessagesStop       = "message_stop"
	MessagesError      = "error"
	MessagesTextDelta  = "text_delta"
	MessagesJSONDelta  = "input_json_delta"
	MessagesToolUse    = "tool_use"
	MessagesText       = "text"
)

// ParseMessagesEvent decodes one Messages event's data.
func ParseMessagesEvent(data []byte) (*MessagesEvent, error) {
	var event MessagesEvent
	if err := json.Unmarshal(data, &event); err != nil {
		return nil, err
	}
	return &event, nil
}

// ParseMessagesMessage decodes a non-streamed Messages body.
func ParseMessagesMessage(data []byte) (*MessagesMessage, error) {
	var message MessagesMessage
	if err := json.Unmarshal(data, &message); err != nil {
		return nil, err
	}
	return &message, nil
}
