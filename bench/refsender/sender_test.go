package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", handle)
	server := httptest.NewServer(mux)
	t.Cleanup(server.Close)
	return server
}

func post(t *testing.T, url string, headers map[string]string) *http.Response {
	t.Helper()
	request, err := http.NewRequest(http.MethodPost, url+"/v1/chat/completions", strings.NewReader(`{"stream":true}`))
	if err != nil {
		t.Fatal(err)
	}
	for name, value := range headers {
		request.Header.Set(name, value)
	}
	response, err := http.DefaultClient.Do(request)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { response.Body.Close() })
	return response
}

func TestStreamsExactBytesAndHeaders(t *testing.T) {
	server := newServer(t)
	response := post(t, server.URL, map[string]string{headerTTFTMs: "0", headerITLMs: "0", headerOutputLength: "3"})
	if response.StatusCode != http.StatusOK {
		t.Fatalf("status %d", response.StatusCode)
	}
	if got := response.Header.Get("Content-Type"); got != "text/event-stream; charset=utf-8" {
		t.Fatalf("content-type %q", got)
	}
	if got := response.Header.Get("Cache-Control"); got != "no-cache" {
		t.Fatalf("cache-control %q", got)
	}
	body, err := io.ReadAll(response.Body)
	if err != nil {
		t.Fatal(err)
	}
	want := bytes.Join([][]byte{roleEvent, tokenEvent, tokenEvent, tokenEvent, trailer}, nil)
	if !bytes.Equal(body, want) {
		t.Fatalf("body\n%s\nwant\n%s", body, want)
	}
}

func TestEveryEventIsAChatChunk(t *testing.T) {
	for _, raw := range [][]byte{roleEvent, tokenEvent, trailer} {
		line, _, _ := strings.Cut(string(raw), "\n\n")
		var chunk struct {
			Object  string `json:"object"`
			Choices []struct {
				Index int `json:"index"`
			} `json:"choices"`
		}
		if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &chunk); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		if chunk.Object != "chat.completion.chunk" || len(chunk.Choices) != 1 {
			t.Fatalf("chunk %+v", chunk)
		}
	}
}

func TestNoTokenArrivesBeforeItsDeadline(t *testing.T) {
	server := newServer(t)
	const ttftMs, itlMs, tokens = 30, 10, 5
	sent := time.Now()
	response := post(t, server.URL, map[string]string{headerTTFTMs: "30", headerITLMs: "10", headerOutputLength: "5"})
	reader := bufio.NewReader(response.Body)
	for index := -1; index < tokens; index++ {
		line, err := reader.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if _, err := reader.ReadString('\n'); err != nil {
			t.Fatal(err)
		}
		if index < 0 {
			if !strings.Contains(line, `"role":"assistant"`) {
				t.Fatalf("first event %q", line)
			}
			continue
		}
		earliest := sent.Add(time.Duration(ttftMs+index*itlMs) * time.Millisecond)
		if arrived := time.Now(); arrived.Before(earliest) {
			t.Fatalf("token %d arrived %v before its deadline", index, earliest.Sub(arrived))
		}
	}
}

func TestRejectsAScheduleOutOfRange(t *testing.T) {
	server := newServer(t)
	for _, headers := range []map[string]string{
		{headerTTFTMs: "-1"},
		{headerITLMs: "60001"},
		{headerOutputLength: "x"},
	} {
		if response := post(t, server.URL, headers); response.StatusCode != http.StatusBadRequest {
			t.Fatalf("%v: status %d", headers, response.StatusCode)
		}
	}
}
