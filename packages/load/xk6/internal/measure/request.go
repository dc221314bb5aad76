package measure

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// API tells which endpoint a request calls; its value is the `api` tag of the request's samples.
type API string

const (
	APIChat       API = "chat"
	APICompletion API = "completion"
	// APIResponses is OpenAI's Responses API (`/v1/responses`).
	APIResponses API = "responses"
	// APIMessages is Anthropic's Messages API (`/v1/messages`).
	APIMessages API = "messages"
)

// DefaultTimeout bounds a request whose options name no timeout.
const DefaultTimeout = 120 * time.Second

// Request is a validated request, ready to send any number of times.
type Request struct {
	URL     *url.URL
	Body    []byte
	Header  http.Header
	Timeout time.Duration
	// Streamed is true when the body asks for server-sent events (`"stream": true`).
	Streamed bool
	API      API
	// Choices is the body's `n` (1 when absent).
	Choices int
	// LengthLimited is true when the body may end a choice before the configured output length
	// (`max_tokens`, `max_completion_tokens` or `stop`; `max_output_tokens` for Responses;
	// `stop_sequences` for Messages, whose required `max_tokens` shows in the stop reason instead).
	LengthLimited bool
	// JSONOutput is true when the body asks for a JSON answer (`response_format`, `text.format` or
	// `output_config.format` of a JSON type): its text is counted one token per delta, not by words.
	JSONOutput bool
}

// InvalidRequestError names the option that made a request impossible to send.
type InvalidRequestError struct {
	Option string
	Reason string
}

func (e *InvalidRequestError) Error() string {
	return fmt.Sprintf("invalid %s: %s", e.Option, e.Reason)
}

// NewRequest validates a request given as the script gave it. body must be a JSON object.
func NewRequest(rawURL string, body map[string]any, headers map[string]string, timeout time.Duration) (*Request, error) {
	target, err := url.Parse(rawURL)
	if err != nil {
		return nil, &InvalidRequestError{Option: "url", Reason: err.Error()}
	}
	if (target.Scheme != "http" && target.Scheme != "https") || target.Host == "" {
		return nil, &InvalidRequestError{Option: "url", Reason: fmt.Sprintf("%q is not an absolute http(s) URL", rawURL)}
	}
	if body == nil {
		return nil, &InvalidRequestError{Option: "body", Reason: "a JSON object is required"}
	}
	encoded, err := json.Marshal(body)
	if err != nil {
		return nil, &InvalidRequestError{Option: "body", Reason: err.Error()}
	}
	if timeout <= 0 {
		return nil, &InvalidRequestError{Option: "timeoutMs", Reason: "must be a positive number of milliseconds"}
	}
	choices, err := choiceCount(body["n"])
	if err != nil {
		return nil, err
	}
	header := http.Header{"Content-Type": []string{"application/json"}}
	for name, value := range headers {
		header.Set(name, value)
	}
	streamed, _ := body["stream"].(bool)
	api := detectAPI(target.Path, body, header)
	return &Request{
		URL:           target,
		Body:          encoded,
		Header:        header,
		Timeout:       timeout,
		Streamed:      streamed,
		API:           api,
		Choices:       choices,
		LengthLimited: lengthLimited(api, body),
		JSONOutput:    asksForJSON(api, body),
	}, nil
}

func lengthLimited(api API, body map[string]any) bool {
	switch api {
	case APIResponses:
		return present(body["max_output_tokens"])
	case APIMessages:
		return present(body["stop_sequences"])
	}
	return present(body["max_tokens"]) || present(body["max_completion_tokens"]) || present(body["stop"])
}

// asksForJSON reads the output format where each API puts it: chat's `response_format.type`,
// Responses' `text.format.type`, Messages' `output_config.format.type`.
func asksForJSON(api API, body map[string]any) bool {
	var format any
	switch api {
	case APIResponses:
		format = field(field(body["text"], "format"), "type")
	case APIMessages:
		format = field(field(body["output_config"], "format"), "type")
	default:
		format = field(body["response_format"], "type")
	}
	return format == "json_object" || format == "json_schema"
}

func field(value any, name string) any {
	object, _ := value.(map[string]any)
	return object[name]
}

func choiceCount(value any) (int, error) {
	var count float64
	switch number := value.(type) {
	case nil:
		return 1, nil
	case int64:
		count = float64(number)
	case int:
		count = float64(number)
	case float64:
		count = number
	default:
		return 0, &InvalidRequestError{Option: "body.n", Reason: fmt.Sprintf("%v is not a number", value)}
	}
	if count < 1 || count != float64(int(count)) {
		return 0, &InvalidRequestError{Option: "body.n", Reason: fmt.Sprintf("%v is not a positive integer", value)}
	}
	return int(count), nil
}

// present treats null, "" and [] like an absent field, as OpenAI does for `stop`.
func present(value any) bool {
	switch typed := value.(type) {
	case nil:
		return false
	case string:
		return typed != ""
	case []any:
		return len(typed) > 0
	}
	return true
}

// detectAPI reads the endpoint from the path (gateways may prefix it, e.g. /openai/v1/... or
// /anthropic/v1/messages), and falls back to the body's shape and the headers for paths that name none.
func detectAPI(path string, body map[string]any, header http.Header) API {
	path = strings.TrimSuffix(path, "/")
	switch {
	case strings.HasSuffix(path, "/chat/completions"):
		return APIChat
	case strings.HasSuffix(path, "/completions"):
		return APICompletion
	case strings.HasSuffix(path, "/responses"):
		return APIResponses
	case strings.HasSuffix(path, "/messages"):
		return APIMessages
	}
	if _, ok := body["input"]; ok {
		return APIResponses
	}
	if _, ok := body["messages"]; ok {
		if header.Get("anthropic-version") != "" {
			return APIMessages
		}
		return APIChat
	}
	return APICompletion
}
