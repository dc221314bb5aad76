package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// Protocol facts mirrored from @tokenpace/core's protocol module (header names and defaults).
const (
	headerTTFTMs        = "X-TTFT-MS"
	headerITLMs         = "X-ITL-MS"
	headerOutputLength  = "X-OUTPUT-LENGTH"
	defaultTTFTMs       = 100
	defaultITLMs        = 50
	defaultOutputLength = 20
	maxTTFTMs           = 600_000
	maxITLMs            = 60_000
	maxOutputLength     = 131_072
)

// identity is the chunk's fixed fields, shaped and sized like the emulator's chunks.
var identity = map[string]any{
	"id":                 "chatcmpl-Bq7x2K9mLpQ4rT1vZ8nW3yH6jD5cF",
	"object":             "chat.completion.chunk",
	"created":            1_767_225_600,
	"model":              "gpt-4o-mini",
	"service_tier":       "default",
	"system_fingerprint": "fp_a1b2c3d4e5",
}

// event frames one chat chunk as an SSE data event, with the fields in the emulator's order.
func event(delta string, finishReason string) []byte {
	finish := "null"
	if finishReason != "" {
		finish = strconv.Quote(finishReason)
	}
	head := fmt.Sprintf(`{"id":%q,"object":%q,"created":%d,"model":%q,"service_tier":%q,"system_fingerprint":%q,`,
		identity["id"], identity["object"], identity["created"], identity["model"], identity["service_tier"],
		identity["system_fingerprint"])
	return []byte(fmt.Sprintf("data: %s\"choices\":[{\"index\":0,\"delta\":%s,\"logprobs\":null,\"finish_reason\":%s}]}\n\n",
		head, delta, finish))
}

var (
	roleEvent  = event(`{"role":"assistant","content":"","refusal":null}`, "")
	tokenEvent = event(`{"content":" word"}`, "")
	trailer    = append(event(`{}`, "stop"), []byte("data: [DONE]\n\n")...)
)

// schedule is one stream's timing, read from the request's headers.
type schedule struct {
	ttft   time.Duration
	itl    time.Duration
	tokens int
}

// headerInt reads a non-negative integer header within [0, max], or the default when absent.
func headerInt(r *http.Request, name string, def, max int) (int, error) {
	raw := r.Header.Get(name)
	if raw == "" {
		return def, nil
	}
	value, err := strconv.Atoi(raw)
	if err != nil || value < 0 || value > max {
		return 0, fmt.Errorf("%s must be an integer in [0, %d], got %q", name, max, raw)
	}
	return value, nil
}

func readSchedule(r *http.Request) (schedule, error) {
	ttftMs, err := headerInt(r, headerTTFTMs, defaultTTFTMs, maxTTFTMs)
	if err != nil {
		return schedule{}, err
	}
	itlMs, err := headerInt(r, headerITLMs, defaultITLMs, maxITLMs)
	if err != nil {
		return schedule{}, err
	}
	tokens, err := headerInt(r, headerOutputLength, defaultOutputLength, maxOutputLength)
	if err != nil {
		return schedule{}, err
	}
	return schedule{
		ttft:   time.Duration(ttftMs) * time.Millisecond,
		itl:    time.Duration(itlMs) * time.Millisecond,
		tokens: tokens,
	}, nil
}

// handle streams one response on its own goroutine (net/http gives each connection one), every token at an
// absolute deadline from the request's arrival, so one late wake-up never shifts the tokens after it.
func handle(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	plan, err := readSchedule(r)
	if err != nil {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"message": err.Error()}})
		return
	}
	_, _ = io.Copy(io.Discard, r.Body)
	flusher, _ := w.(http.Flusher)
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write(roleEvent); err != nil {
		return
	}
	if flusher != nil {
		flusher.Flush()
	}
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for step := 0; step < plan.tokens; step++ {
		due := start.Add(plan.ttft + time.Duration(step)*plan.itl)
		if wait := time.Until(due); wait > 0 {
			timer.Reset(wait)
			select {
			case <-timer.C:
			case <-r.Context().Done():
				return
			}
		}
		if _, err := w.Write(tokenEvent); err != nil {
			return
		}
		if flusher != nil {
			flusher.Flush()
		}
	}
	_, _ = w.Write(trailer)
}
