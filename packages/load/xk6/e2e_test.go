//go:build e2e

// The end-to-end proof that the extension works inside a real k6 binary: a k6 script drives it against
// a local SSE server, and the test reads k6's raw JSON output. It needs the binary that
// packages/load/scripts/build-k6.mjs builds (or TOKENPACE_K6), and runs with `go test -tags e2e`.
package tokenpace

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/measure"
	"github.com/tokenpace/tokenpace/packages/load/xk6/kernelstamp/stamptest"
)

func k6Binary(t *testing.T) string {
	t.Helper()
	path := os.Getenv("TOKENPACE_K6")
	if path == "" {
		path = filepath.Join("..", "..", "..", ".tools", "bin", "k6")
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no k6 binary at %s (%v): run `node packages/load/scripts/build-k6.mjs` or set TOKENPACE_K6", path, err)
	}
	return path
}

func headerInt(request *http.Request, name string, fallback int) int {
	if value, err := strconv.Atoi(request.Header.Get(name)); err == nil {
		return value
	}
	return fallback
}

// scheduledServer streams like the emulator: token i is due at arrival + ttft + i·itl, and a request
// header regroups tokens into events the way a buffering gateway would.
func scheduledServer(t *testing.T) *httptest.Server {
	words := []string{"Alpha", " beta", " gamma", " delta", " epsilon", " zeta", " eta", " theta", " iota", " kappa"}
	server := httptest.NewServer(http.HandlerFunc(func(writer http.ResponseWriter, request *http.Request) {
		arrival := time.Now()
		var body struct {
			Stream        bool `json:"stream"`
			StreamOptions struct {
				IncludeUsage bool `json:"include_usage"`
			} `json:"stream_options"`
		}
		if err := json.NewDecoder(request.Body).Decode(&body); err != nil {
			http.Error(writer, err.Error(), http.StatusBadRequest)
			return
		}
		ttftMs, itlMs := headerInt(request, "x-ttft-ms", 10), headerInt(request, "x-itl-ms", 5)
		length, perEvent := headerInt(request, "x-output-length", 3), headerInt(request, "x-test-tokens-per-event", 1)
		chat := strings.HasSuffix(request.URL.Path, "/chat/completions")
		due := func(token int) time.Time {
			return arrival.Add(time.Duration(ttftMs+token*itlMs) * time.Millisecond)
		}
		writer.Header().Set("x-tokenpace-ttft-ms", strconv.Itoa(ttftMs))
		writer.Header().Set("x-tokenpace-itl-ms", strconv.Itoa(itlMs))
		writer.Header().Set("x-tokenpace-output-length", strconv.Itoa(length))
		usage := fmt.Sprintf(`{"prompt_tokens":1,"completion_tokens":%d,"total_tokens":%d}`, length, length+1)
		text := func(from, to int) string { return strings.Join(words[from:to], "") }
		if !body.Stream {
			time.Sleep(time.Until(due(length)))
			writer.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(writer, `{"choices":[{"index":0,"message":{"role":"assistant","content":%q},"finish_reason":"length"}],"usage":%s}`,
				text(0, length), usage)
			return
		}
		writer.Header().Set("Content-Type", "text/event-stream")
		writer.(http.Flusher).Flush()
		for first := 0; first < length; first += perEvent {
			last := min(first+perEvent, length)
			time.Sleep(time.Until(due(last - 1)))
			choice := fmt.Sprintf(`{"index":0,"text":%q,"finish_reason":null}`, text(first, last))
			if chat {
				choice = fmt.Sprintf(`{"index":0,"delta":{"content":%q},"finish_reason":null}`, text(first, last))
			}
			fmt.Fprintf(writer, "data: {\"choices\":[%s]}\n\n", choice)
			writer.(http.Flusher).Flush()
		}
		fmt.Fprint(writer, "data: {\"choices\":[{\"index\":0,\"delta\":{},\"text\":\"\",\"finish_reason\":\"length\"}]}\n\n")
		if body.StreamOptions.IncludeUsage {
			fmt.Fprintf(writer, "data: {\"choices\":[],\"usage\":%s}\n\n", usage)
		}
		fmt.Fprint(writer, "data: [DONE]\n\n")
	}))
	t.Cleanup(server.Close)
	return server
}

type k6Point struct {
	Type   string `json:"type"`
	Metric string `json:"metric"`
	Data   struct {
		Value    float64           `json:"value"`
		Tags     map[string]string `json:"tags"`
		Metadata map[string]string `json:"metadata"`
	} `json:"data"`
}

func TestK6RunsTheExtension(t *testing.T) {
	binary := k6Binary(t)
	// Holds kernel receive stamping on (it is system-wide), so k6's first responses cannot race it.
	stamptest.Require(t)
	server := scheduledServer(t)
	output := filepath.Join(t.TempDir(), "samples.json")
	command := exec.Command(binary, "run", "--quiet", "--no-color", "--out", "json="+output,
		"-e", "BASE_URL="+server.URL, filepath.Join("testdata", "e2e.js"))
	command.Env = append(os.Environ(), "K6_AUTO_EXTENSION_RESOLUTION=false", "K6_NO_USAGE_REPORT=true")
	logs, err := command.CombinedOutput()
	if err != nil {
		t.Fatalf("k6 failed (%v):\n%s", err, logs)
	}
	t.Logf("k6 output:\n%s", logs)

	file, err := os.Open(output)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	counts := map[string]int{}
	scanner := bufio.NewScanner(file)
	for scanner.Scan() {
		var point k6Point
		if err := json.Unmarshal(scanner.Bytes(), &point); err != nil {
			t.Fatalf("bad output line %s: %v", scanner.Text(), err)
		}
		if point.Type != "Point" || !strings.HasPrefix(point.Metric, "tokenpace_") {
			continue
		}
		tags := point.Data.Tags
		scenario := tags["scenario"]
		counts[scenario+" "+point.Metric]++
		for _, name := range []string{TagConfiguredTTFTMs, TagConfiguredITLMs, TagConfiguredOutputLength, TagMode, TagAPI} {
			if tags[name] == "" {
				t.Fatalf("%s sample in %s lacks tag %s: %v", point.Metric, scenario, name, tags)
			}
		}
		switch {
		case scenario == "chat_stream" && (tags["gateway"] != "direct" || tags[TagConfiguredTTFTMs] != "40" || tags[TagMode] != ModeStream || tags[TagAPI] != "chat"):
			t.Fatalf("chat_stream tags %v", tags)
		case scenario == "completion_stream" && tags[TagAPI] != "completion":
			t.Fatalf("completion_stream tags %v", tags)
		case scenario == "unary" && tags[TagMode] != ModeUnary:
			t.Fatalf("unary tags %v", tags)
		}
		if clock := point.Data.Metadata[MetadataClock]; clock != measure.ClockKernel {
			t.Fatalf("%s sample in %s stamped by clock %q, want %q", point.Metric, scenario, clock, measure.ClockKernel)
		}
		if point.Metric == MetricTTFTDelta && (point.Data.Value < 0 || point.Data.Value > 250) {
			t.Errorf("%s ttft delta %v ms", scenario, point.Data.Value)
		}
	}
	want := map[string]int{
		"chat_stream tokenpace_ttft":             6,
		"chat_stream tokenpace_itl":              6 * 7,
		"chat_stream tokenpace_itl_delta":        6 * 7,
		"chat_stream tokenpace_tokens_per_chunk": 6 * 8,
		"chat_stream tokenpace_token_mismatch":   6,
		"completion_stream tokenpace_itl":        2 * 4,
		"rechunked tokenpace_tokens_per_chunk":   2 * 3,
		"unary tokenpace_e2e_delta":              2,
		"unary tokenpace_stream_errors":          2,
	}
	for key, count := range want {
		if counts[key] != count {
			t.Errorf("%s: %d samples, want %d", key, counts[key], count)
		}
	}
	if counts["unary tokenpace_ttft"] != 0 {
		t.Errorf("unary requests recorded %d ttft samples", counts["unary tokenpace_ttft"])
	}
}
