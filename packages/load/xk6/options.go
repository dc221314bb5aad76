package tokenpace

import (
	"fmt"
	"math"
	"time"

	"github.com/grafana/sobek"

	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/measure"
)

// parseOptions validates the JS `RequestOptions` object and returns the request and the call's tags.
func parseOptions(options sobek.Value) (*measure.Request, map[string]string, error) {
	object, ok := asObject(options)
	if !ok {
		return nil, nil, &measure.InvalidRequestError{Option: "options", Reason: "an object { url, body, headers?, tags?, timeoutMs? } is required"}
	}
	url, ok := exported[string](object.Get("url"))
	if !ok {
		return nil, nil, &measure.InvalidRequestError{Option: "url", Reason: "a string is required"}
	}
	body, ok := exported[map[string]any](object.Get("body"))
	if !ok {
		return nil, nil, &measure.InvalidRequestError{Option: "body", Reason: "a JSON object is required"}
	}
	headers, err := stringMap(object.Get("headers"), "headers")
	if err != nil {
		return nil, nil, err
	}
	tags, err := stringMap(object.Get("tags"), "tags")
	if err != nil {
		return nil, nil, err
	}
	timeout := measure.DefaultTimeout
	if value := object.Get("timeoutMs"); isSet(value) {
		milliseconds := value.ToFloat()
		if math.IsNaN(milliseconds) || math.IsInf(milliseconds, 0) || milliseconds <= 0 {
			return nil, nil, &measure.InvalidRequestError{Option: "timeoutMs", Reason: fmt.Sprintf("%v is not a positive number of milliseconds", value)}
		}
		timeout = time.Duration(milliseconds * float64(time.Millisecond))
	}
	request, err := measure.NewRequest(url, body, headers, timeout)
	if err != nil {
		return nil, nil, err
	}
	return request, tags, nil
}

func isSet(value sobek.Value) bool {
	return value != nil && !sobek.IsUndefined(value) && !sobek.IsNull(value)
}

// exported converts a set JS value to the Go type T, reporting false for anything else.
func exported[T any](value sobek.Value) (T, bool) {
	var zero T
	if !isSet(value) {
		return zero, false
	}
	typed, ok := value.Export().(T)
	return typed, ok
}

func asObject(value sobek.Value) (*sobek.Object, bool) {
	if !isSet(value) {
		return nil, false
	}
	object, ok := value.(*sobek.Object)
	return object, ok
}

// stringMap reads a { name: value } object; values are converted as JS would (`100` → "100"), and
// null or undefined values are left out.
func stringMap(value sobek.Value, option string) (map[string]string, error) {
	if !isSet(value) {
		return nil, nil
	}
	object, ok := asObject(value)
	if !ok {
		return nil, &measure.InvalidRequestError{Option: option, Reason: "an object of strings is required"}
	}
	result := make(map[string]string, len(object.Keys()))
	for _, key := range object.Keys() {
		if entry := object.Get(key); isSet(entry) {
			result[key] = entry.String()
		}
	}
	return result, nil
}
