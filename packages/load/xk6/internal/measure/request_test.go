package measure

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func TestNewRequestReadsTheBody(t *testing.T) {
	body := map[string]any{
		"model":    "gpt-4o-mini",
		"messages": []any{map[string]any{"role": "user", "content": "hi"}},
		"stream":   true,
		"n":        int64(3),
	}
	request, err := NewRequest("http://127.0.0.1:3000/v1/chat/completions", body,
		map[string]string{"X-TTFT-MS": "100", "authorization": "Bearer k"}, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !request.Streamed || request.API != APIChat || request.Choices != 3 || request.LengthLimited {
		t.Fatalf("request %#v", request)
	}
	var decoded map[string]any
	if err := json.Unmarshal(request.Body, &decoded); err != nil || decoded["model"] != "gpt-4o-mini" || decoded["stream"] != true {
		t.Fatalf("body %s (%v)", request.Body, err)
	}
	if request.Header.Get("content-type") != "application/json" || request.Header.Get("x-ttft-ms") != "100" ||
		request.Header.Get("Authorization") != "Bearer k" {
		t.Fatalf("headers %v", request.Header)
	}
}

func TestAPIFromPathThenBody(t *testing.T) {
	cases := []struct {
		url  string
		body map[string]any
		want API
	}{
		{"http://h/v1/completions", map[string]any{"prompt": "x"}, APICompletion},
		{"http://h/openai/deployments/d/chat/completions?api-version=1", map[string]any{}, APIChat},
		{"http://h/v1/chat/completions/", map[string]any{}, APIChat},
		{"http://h/custom", map[string]any{"messages": []any{}}, APIChat},
		{"http://h/custom", map[string]any{"prompt": "x"}, APICompletion},
	}
	for _, test := range cases {
		request, err := NewRequest(test.url, test.body, nil, time.Second)
		if err != nil || request.API != test.want {
			t.Errorf("%s: api %v err %v, want %v", test.url, request.API, err, test.want)
		}
	}
}

func TestLengthLimits(t *testing.T) {
	cases := []struct {
		body map[string]any
		want bool
	}{
		{map[string]any{}, false},
		{map[string]any{"max_tokens": int64(5)}, true},
		{map[string]any{"max_completion_tokens": 5.0}, true},
		{map[string]any{"stop": "\n"}, true},
		{map[string]any{"stop": []any{"x"}}, true},
		{map[string]any{"stop": nil, "max_tokens": nil}, false},
		{map[string]any{"stop": ""}, false},
		{map[string]any{"stop": []any{}}, false},
	}
	for _, test := range cases {
		request, err := NewRequest("http://h/v1/completions", test.body, nil, time.Second)
		if err != nil || request.LengthLimited != test.want {
			t.Errorf("%v: limited %v err %v, want %v", test.body, request.LengthLimited, err, test.want)
		}
	}
}

func TestInvalidRequests(t *testing.T) {
	cases := []struct {
		url     string
		body    map[string]any
		timeout time.Duration
		option  string
	}{
		{"/v1/chat/completions", map[string]any{}, time.Second, "url"},
		{"ftp://h/x", map[string]any{}, time.Second, "url"},
		{"http://h/v1/completions", nil, time.Second, "body"},
		{"http://h/v1/completions", map[string]any{"f": func() {}}, time.Second, "body"},
		{"http://h/v1/completions", map[string]any{}, 0, "timeoutMs"},
		{"http://h/v1/completions", map[string]any{"n": 0.5}, time.Second, "body.n"},
		{"http://h/v1/completions", map[string]any{"n": "2"}, time.Second, "body.n"},
	}
	for _, test := range cases {
		_, err := NewRequest(test.url, test.body, nil, test.timeout)
		var invalid *InvalidRequestError
		if !errors.As(err, &invalid) || invalid.Option != test.option {
			t.Errorf("%s %v: err %v, want an invalid %s", test.url, test.body, err, test.option)
		}
	}
}
