package tokenpace

import (
	"math"
	"net/http"
	"strings"
	"time"

	"go.k6.io/k6/v2/metrics"

	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/measure"
)

// sampleTags are the VU's tags, the configured timing as the request sent it, the mode and the API,
// then the call's own tags (which win: the script asked for them explicitly).
func sampleTags(vuTags *metrics.TagSet, request *measure.Request, callTags map[string]string) *metrics.TagSet {
	mode := ModeUnary
	if request.Streamed {
		mode = ModeStream
	}
	return vuTags.
		With(TagConfiguredTTFTMs, sentText(request.Header, measure.HeaderTTFTMs)).
		With(TagConfiguredITLMs, sentText(request.Header, measure.HeaderITLMs)).
		With(TagConfiguredOutputLength, sentText(request.Header, measure.HeaderOutputLength)).
		With(TagMode, mode).
		With(TagAPI, string(request.API)).
		WithTagsFromMap(callTags)
}

func sentText(header http.Header, name string) string {
	if text := strings.TrimSpace(header.Get(name)); text != "" {
		return text
	}
	return NotSentText
}

// sampleBuilder appends samples that share one time series' tags, time and metadata.
type sampleBuilder struct {
	tags     *metrics.TagSet
	at       time.Time
	metadata map[string]string
	samples  []metrics.Sample
}

func (builder *sampleBuilder) add(metric *metrics.Metric, value float64) {
	builder.samples = append(builder.samples, metrics.Sample{
		TimeSeries: metrics.TimeSeries{Metric: metric, Tags: builder.tags},
		Time:       builder.at,
		Value:      value,
		Metadata:   builder.metadata,
	})
}

// differenceMs keeps a delta at the microsecond resolution of its operands: 43.782 − 30 is 13.782,
// not 13.781999999999996.
func differenceMs(observedMs, configuredMs float64) float64 {
	return math.Round((observedMs-configuredMs)*1000) / 1000
}

// withClock adds the clock that stamped the request to the VU's metadata (a copy: the VU's map is
// shared by every sample it pushes). Metadata, not a tag: it must not split time series or reports.
func withClock(metadata map[string]string, clock string) map[string]string {
	merged := make(map[string]string, len(metadata)+1)
	for name, value := range metadata {
		merged[name] = value
	}
	merged[MetadataClock] = clock
	return merged
}

func boolValue(value bool) float64 {
	if value {
		return 1
	}
	return 0
}

// buildSamples turns one result into k6 samples. A failed request counts in stream_errors (and
// headers, when they came) but adds no timing: half a stream would skew every distribution.
func buildSamples(run *tokenpaceMetrics, result *measure.Result, tags *metrics.TagSet, metadata map[string]string, at time.Time) metrics.ConnectedSamples {
	builder := &sampleBuilder{tags: tags, at: at, metadata: withClock(metadata, result.Clock)}
	builder.samples = make([]metrics.Sample, 0, 8+4*len(result.ITLMs))
	builder.add(run.streamErrors, boolValue(!result.OK))
	if result.Status != 0 {
		builder.add(run.headers, result.HeadersMs)
	}
	if !result.OK {
		return metrics.ConnectedSamples{Samples: builder.samples, Tags: tags, Time: at}
	}
	configured := result.Configured
	if result.TTFTMs >= 0 {
		builder.add(run.ttft, result.TTFTMs)
		if configured.TTFTMs >= 0 {
			builder.add(run.ttftConfigured, configured.TTFTMs)
			builder.add(run.ttftDelta, differenceMs(result.TTFTMs, configured.TTFTMs))
		}
	}
	for _, gapMs := range result.ITLMs {
		builder.add(run.itl, gapMs)
		if configured.ITLMs >= 0 {
			builder.add(run.itlConfigured, configured.ITLMs)
			builder.add(run.itlDelta, differenceMs(gapMs, configured.ITLMs))
		}
	}
	for _, tokenCount := range result.TokensPerChunk {
		builder.add(run.tokensPerChunk, float64(tokenCount))
	}
	builder.add(run.e2e, result.E2EMs)
	if result.ExpectedE2EMs >= 0 {
		builder.add(run.e2eDelta, differenceMs(result.E2EMs, result.ExpectedE2EMs))
	}
	builder.add(run.outputTokens, float64(result.OutputTokens))
	if result.TokenCheck != measure.TokenCheckUnavailable {
		builder.add(run.tokenMismatch, boolValue(result.TokenCheck == measure.TokenCheckMismatch))
	}
	return metrics.ConnectedSamples{Samples: builder.samples, Tags: tags, Time: at}
}
