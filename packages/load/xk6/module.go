// Package tokenpace is the k6 extension `k6/x/tokenpace`: one JS call sends an OpenAI chat, legacy
// completion or Responses request, or an Anthropic Messages request, reads the response in Go with
// every read stamped by the monotonic clock, and records TTFT, per-token ITL, end-to-end time, token
// counts and observed − configured deltas as k6 metrics. It blocks the VU for the request, as k6/http
// does.
package tokenpace

import (
	"errors"
	"net/http"
	"time"

	"github.com/grafana/sobek"
	"go.k6.io/k6/v2/js/modules"
	"go.k6.io/k6/v2/metrics"

	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/measure"
)

// ImportPath is the name scripts import the module by.
const ImportPath = "k6/x/tokenpace"

func init() {
	modules.Register(ImportPath, new(RootModule))
}

// RootModule is the global module; it hands each VU its own instance.
type RootModule struct{}

// ModuleInstance is one VU's view of the module: its transport and read buffer live here, so
// connections are reused across the VU's iterations like k6/http's.
type ModuleInstance struct {
	vu        modules.VU
	metrics   *tokenpaceMetrics
	transport *http.Transport
	client    *measure.Client
	iteration int64
}

var (
	_ modules.Module   = &RootModule{}
	_ modules.Instance = &ModuleInstance{}
)

// NewModuleInstance runs in the VU's init context, where metrics can still be registered.
func (*RootModule) NewModuleInstance(vu modules.VU) modules.Instance {
	return &ModuleInstance{vu: vu, metrics: registerMetrics(vu.InitEnv().Registry), iteration: -1}
}

// Exports names the module's JS functions.
func (instance *ModuleInstance) Exports() modules.Exports {
	return modules.Exports{Named: map[string]any{"request": instance.request}}
}

var errInitContext = errors.New("tokenpace.request() can only be called from a VU function (default, setup, teardown or a scenario's exec), not in the init context")

// request is `request(options): Result` of the JS API. Invalid options throw; failed requests do
// not: they are measurements, reported in the result and in tokenpace_stream_errors.
func (instance *ModuleInstance) request(options sobek.Value) (*measure.Result, error) {
	state := instance.vu.State()
	if state == nil {
		return nil, errInitContext
	}
	request, callTags, err := parseOptions(options)
	if err != nil {
		return nil, err
	}
	ctx := instance.vu.Context()
	if state.RPSLimit != nil {
		if err := state.RPSLimit.Wait(ctx); err != nil {
			return nil, err
		}
	}
	client := instance.clientFor(state.Options.NoVUConnectionReuse.Bool, state.Iteration, func() *http.Transport {
		return newTransport(state)
	})

	result := client.Do(ctx, request)

	vuTags := state.Tags.GetCurrentValues()
	tags := sampleTags(vuTags.Tags, request, callTags)
	metrics.PushIfNotDone(ctx, state.Samples, buildSamples(instance.metrics, result, tags, vuTags.Metadata, time.Now()))
	return result, nil
}

// clientFor creates the VU's transport on first use (the VU state does not exist at init) and drops
// idle connections at each new iteration when the options ask for no reuse across iterations.
func (instance *ModuleInstance) clientFor(noReuseAcrossIterations bool, iteration int64, build func() *http.Transport) *measure.Client {
	if instance.client == nil {
		instance.transport = build()
		instance.client = measure.NewClient(instance.transport)
	} else if noReuseAcrossIterations && iteration != instance.iteration {
		instance.transport.CloseIdleConnections()
	}
	instance.iteration = iteration
	return instance.client
}
