package measure

import "fmt"

// Code classifies why a measured request failed. The values are stable: scripts may branch on them.
type Code string

const (
	// CodeTransport: no response (dial, TLS, write or header read failed).
	CodeTransport Code = "transport"
	// CodeTimeout: the request's timeoutMs elapsed.
	CodeTimeout Code = "timeout"
	// CodeCanceled: the VU was stopped (end of test or scenario) during the request.
	CodeCanceled Code = "canceled"
	// CodeHTTPStatus: the response status was not 2xx.
	CodeHTTPStatus Code = "http_status"
	// CodeErrorEvent: the stream carried an OpenAI error object.
	CodeErrorEvent Code = "error_event"
	// CodeTruncated: the stream ended or broke before `data: [DONE]`.
	CodeTruncated Code = "truncated_stream"
	// CodeInvalidPayload: an event or body was not the JSON an OpenAI response carries.
	CodeInvalidPayload Code = "invalid_payload"
)

// Error is a failed measurement: a stable code and a message for people.
type Error struct {
	Code    Code
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func newError(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}
