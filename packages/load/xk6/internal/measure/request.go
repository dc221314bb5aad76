package measure

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// API tells which OpenAI endpoint a request calls.
type API string

const (
	APIChat       API = "chat"
	APICompletion API = "completion"
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
	// (`max_tokens`, `max_completion_tokens` or `stop`).
	LengthLimited bool
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
	return &Request{
		URL:           target,
		Body:          encoded,
		Header:        header,
		Timeout:       timeout,
		Streamed:      streamed,
		API:           detectAPI(target.Path, body),
		Choices:       choices,
		LengthLimited: present(body["max_tokens"]) || present(body["max_completion_tokens"]) || present(body["stop"]),
	}, nil
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

// detectAPI reads the endpoint from the path (gateways may prefix it, e.g. /openai/v1/...), and
// falls back to the body's shape for paths that name neither.
func detectAPI(path string, body map[string]any) API {
	path = strings.TrimSuffix(path, "/")
	switch {
	case strings.HasSuffix(path, "/chat/completions"):
		return APIChat
	case strings.HasSuffix(path, "/completions"):
		return APICompletion
	}
	if _, ok := body["messages"]; ok {
		return APIChat
	}
	return APICompletion
}
