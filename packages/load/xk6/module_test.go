package tokenpace

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"go.k6.io/k6/v2/js/modulestest"
	"go.k6.io/k6/v2/lib"
	"go.k6.io/k6/v2/metrics"

	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/measure"
	"github.com/tokenpace/tokenpace/packages/load/xk6/kernelstamp/stamptest"
)

// vuHarness is a VU with the module imported as the global `tokenpace`, run by k6's own module test
// runtime, so the JS API, the sobek conversions and the pushed samples are the real ones.
type vuHarness struct {
	runtime *modulestest.Runtime
	samples chan metrics.SampleContainer
}

func newVUHarness(t *testing.T) *vuHarness {
	t.Helper()
	runtime := modulestest.NewRuntime(t)
	instance := new(RootModule).NewModuleInstance(runtime.VU)
	if err := runtime.VU.Runtime().Set("tokenpace", instance.Exports().Named); err != nil {
		t.Fatal(err)
	}
	return &vuHarness{runtime: runtime, samples: make(chan metrics.SampleContainer, 64)}
}

func (harness *vuHarness) moveToVU() {
	registry := harness.runtime.VU.InitEnv().Registry
	harness.runtime.MoveToVUContext(&lib.State{
		Options:   lib.Options{},
		Dialer:    &net.Dialer{},
		Samples:   harness.samples,
		Tags:      lib.NewVUStateTags(registry.RootTagSet().With("scenario", "chat_stream")),
		Iteration: 0,
	})
}

func (harness *vuHarness) run(t *testing.T, code string) string {
	t.Helper()
	value, err := harness.runtime.RunOnEventLoop(code)
	if err != nil {
		t.Fatalf("script failed: %v", err)
	}
	return value.String()
}

func (harness *vuHarness) pushed(t *testing.T) []metrics.Sample {
	t.Helper()
	select {
	case container := <-harness.samples:
		if _, ok := container.(metrics.ConnectedSamples); !ok {
			t.Fatalf("samples pushed as %T, want one metrics.ConnectedSamples per request", container)
		}
		return container.GetSamples()
	default:
		t.Fatal("no samples pushed")
		return nil
	}
}

// sseServer streams `tokens` chat tokens, the first after ttftMs and then one every itlMs, and
// reports the configured values in the response headers as the emulator does.
func sseServer(t *testing.T, tokens []string, ttftMs, itlMs int) *httptest.Server {
	t.Helper()
	server := httptest.NewServer(http.HandlerFunc(func(writer http.ResponseWriter, _ *http.Request) {
		arrival := time.Now()
		writer.Header().Set("Content-Type", "text/event-stream")
		writer.Header().Set("x-tokenpace-ttft-ms", fmt.Sprint(ttftMs))
		writer.Header().Set("x-tokenpace-itl-ms", fmt.Sprint(itlMs))
		writer.Header().Set("x-tokenpace-output-length", fmt.Sprint(len(tokens)))
		writer.(http.Flusher).Flush()
		for index, token := range tokens {
			time.Sleep(time.Until(arrival.Add(time.Duration(ttftMs+index*itlMs) * time.Millisecond)))
			chunk, _ := json.Marshal(map[string]any{"choices": []any{map[string]any{"index": 0, "delta": map[string]any{"content": token}}}})
			fmt.Fprintf(writer, "data: %s\n\n", chunk)
			writer.(http.Flusher).Flush()
		}
		fmt.Fprintf(writer, "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}],"+
			"\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":%d,\"total_tokens\":%d}}\n\ndata: [DONE]\n\n", len(tokens), len(tokens)+1)
	}))
	t.Cleanup(server.Close)
	return server
}

func TestRequestInTheInitContextThrows(t *testing.T) {
	harness := newVUHarness(t)
	_, err := harness.runtime.RunOnEventLoop(`tokenpace.request({ url: 'http://127.0.0.1:1/v1/completions', body: {} })`)
	if err == nil || !strings.Contains(err.Error(), "init context") {
		t.Fatalf("err = %v", err)
	}
}

func TestInvalidOptionsThrow(t *testing.T) {
	harness := newVUHarness(t)
	harness.moveToVU()
	cases := map[string]string{
		`tokenpace.request()`:             "invalid options",
		`tokenpace.request({ body: {} })`: "invalid url",
		`tokenpace.request({ url: 'http://h/v1/completions', body: 'x' })`:               "invalid body",
		`tokenpace.request({ url: 'http://h/v1/completions', body: {}, headers: 'x' })`:  "invalid headers",
		`tokenpace.request({ url: 'http://h/v1/completions', body: {}, timeoutMs: -5 })`: "invalid timeoutMs",
		`tokenpace.request({ url: '/v1/completions', body: {} })`:                        "invalid url",
	}
	for code, want := range cases {
		if _, err := harness.runtime.RunOnEventLoop(code); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", code, err, want)
		}
	}
	if len(harness.samples) != 0 {
		t.Fatalf("invalid options pushed %d sample containers", len(harness.samples))
	}
}

func TestStreamedRequestFromJS(t *testing.T) {
	// The VU's dialer is a plain net.Dialer here; the extension stamps its TCP connections itself.
	wantClock := measure.ClockRead
	if runtime.GOOS == "linux" {
		stamptest.Require(t)
		wantClock = measure.ClockKernel
	}
	server := sseServer(t, []string{"Alpha", " beta", " gamma"}, 40, 20)
	harness := newVUHarness(t)
	harness.moveToVU()
	output := harness.run(t, fmt.Sprintf(`
		const result = tokenpace.request({
			url: '%s/v1/chat/completions',
			body: { model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hi' }] },
			headers: { 'X-TTFT-MS': 'lognormal(p50=40,p99=60)', 'x-itl-ms': 20 },
			tags: { gateway: 'direct' },
		});
		JSON.stringify({
			ok: result.ok, status: result.status, error: result.error, errorCode: result.errorCode,
			streamed: result.streamed, outputTokens: result.outputTokens, content: result.content,
			itlCount: result.itlMs.length, itlIsArray: Array.isArray(result.itlMs),
			tokensPerChunk: result.tokensPerChunk.join(','), finishReasons: result.finishReasons.join(','),
			usage: result.usage, configured: result.configured, body: result.body,
			ttftAtLeast40: result.ttftMs >= 40, e2eAfterTtft: result.e2eMs >= result.ttftMs,
			connectMs: typeof result.connectMs, headersMs: typeof result.headersMs, clock: result.clock,
		});`, server.URL))
	want := `{"ok":true,"status":200,"error":"","errorCode":"","streamed":true,"outputTokens":3,"content":"Alpha beta gamma",` +
		`"itlCount":2,"itlIsArray":true,"tokensPerChunk":"1,1,1","finishReasons":"length",` +
		`"usage":{"prompt_tokens":1,"completion_tokens":3,"total_tokens":4},"configured":{"ttftMs":40,"itlMs":20,"outputLength":3},` +
		`"body":"","ttftAtLeast40":true,"e2eAfterTtft":true,"connectMs":"number","headersMs":"number",` +
		fmt.Sprintf(`"clock":%q}`, wantClock)
	if output != want {
		t.Fatalf("result\n got %s\nwant %s", output, want)
	}

	counts := map[string]int{}
	for _, sample := range harness.pushed(t) {
		counts[sample.Metric.Name]++
		tags := sample.Tags.Map()
		wantTags := map[string]string{
			"scenario": "chat_stream", "gateway": "direct", "mode": "stream", "api": "chat",
			"cfg_ttft_ms": "lognormal(p50=40,p99=60)", "cfg_itl_ms": "20", "cfg_output_length": "default",
		}
		if fmt.Sprint(tags) != fmt.Sprint(wantTags) {
			t.Fatalf("%s tags %v, want %v", sample.Metric.Name, tags, wantTags)
		}
		if clock := sample.Metadata[MetadataClock]; clock != wantClock {
			t.Fatalf("%s metadata %v, want clock %q", sample.Metric.Name, sample.Metadata, wantClock)
		}
		switch sample.Metric.Name {
		case MetricStreamErrors, MetricTokenMismatch:
			if sample.Value != 0 {
				t.Errorf("%s = %v, want 0", sample.Metric.Name, sample.Value)
			}
		case MetricOutputTokens:
			if sample.Value != 3 {
				t.Errorf("output tokens %v", sample.Value)
			}
		case MetricTTFTConfigured, MetricITLConfigured:
			if sample.Value != 40 && sample.Value != 20 {
				t.Errorf("%s = %v", sample.Metric.Name, sample.Value)
			}
		case MetricTTFTDelta, MetricE2EDelta:
			if sample.Value < 0 || sample.Value > 250 {
				t.Errorf("%s = %v ms, want a small non-negative delta", sample.Metric.Name, sample.Value)
			}
		}
	}
	wantCounts := map[string]int{
		MetricStreamErrors: 1, MetricHeaders: 1, MetricTTFT: 1, MetricTTFTConfigured: 1, MetricTTFTDelta: 1,
		MetricITL: 2, MetricITLConfigured: 2, MetricITLDelta: 2, MetricTokensPerChunk: 3,
		MetricE2E: 1, MetricE2EDelta: 1, MetricOutputTokens: 1, MetricTokenMismatch: 1,
	}
	if fmt.Sprint(counts) != fmt.Sprint(wantCounts) {
		t.Fatalf("sample counts %v, want %v", counts, wantCounts)
	}
}

func TestFailedRequestFromJS(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(writer http.ResponseWriter, _ *http.Request) {
		writer.Header().Set("Content-Type", "application/json")
		writer.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(writer, `{"error":{"message":"slow down","type":"rate_limit_error","param":null,"code":null}}`)
	}))
	t.Cleanup(server.Close)
	harness := newVUHarness(t)
	harness.moveToVU()
	output := harness.run(t, fmt.Sprintf(`
		const result = tokenpace.request({ url: '%s/v1/completions', body: { prompt: 'x' }, timeoutMs: 5000 });
		[result.ok, result.status, result.errorCode, result.error, result.usage === null, result.ttftMs, result.streamed].join('|');
	`, server.URL))
	if want := "false|429|http_status|http_status: HTTP 429: slow down|true|-1|false"; output != want {
		t.Fatalf("got %s, want %s", output, want)
	}
	counts := map[string]float64{}
	for _, sample := range harness.pushed(t) {
		counts[sample.Metric.Name] = sample.Value
		if mode, _ := sample.Tags.Get(TagMode); mode != ModeUnary {
			t.Errorf("mode tag %q", mode)
		}
		if api, _ := sample.Tags.Get(TagAPI); api != "completion" {
			t.Errorf("api tag %q", api)
		}
	}
	if len(counts) != 2 || counts[MetricStreamErrors] != 1 {
		t.Fatalf("samples %v, want stream_errors=1 and headers only", counts)
	}
	if _, ok := counts[MetricHeaders]; !ok {
		t.Fatalf("samples %v lack headers", counts)
	}
}

func TestDeltasKeepMicrosecondResolution(t *testing.T) {
	cases := map[[2]float64]float64{{43.782, 30}: 13.782, {100.001, 100}: 0.001, {99.5, 100}: -0.5, {20, 20}: 0}
	for operands, want := range cases {
		if got := differenceMs(operands[0], operands[1]); got != want {
			t.Errorf("differenceMs(%v, %v) = %v, want %v", operands[0], operands[1], got, want)
		}
	}
}
