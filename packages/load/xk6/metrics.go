package tokenpace

import "go.k6.io/k6/v2/metrics"

// Metric names, copied from METRIC in packages/core/src/protocol.ts; protocol_test.go fails when the
// two drift apart.
const (
	MetricHeaders        = "tokenpace_headers"
	MetricTTFT           = "tokenpace_ttft"
	MetricITL            = "tokenpace_itl"
	MetricE2E            = "tokenpace_e2e"
	MetricTTFTConfigured = "tokenpace_ttft_configured"
	MetricITLConfigured  = "tokenpace_itl_configured"
	MetricTTFTDelta      = "tokenpace_ttft_delta"
	MetricITLDelta       = "tokenpace_itl_delta"
	MetricE2EDelta       = "tokenpace_e2e_delta"
	MetricOutputTokens   = "tokenpace_output_tokens"
	MetricTokensPerChunk = "tokenpace_tokens_per_chunk"
	MetricStreamErrors   = "tokenpace_stream_errors"
	MetricTokenMismatch  = "tokenpace_token_mismatch"
)

// Tag names, copied from TAG in packages/core/src/protocol.ts.
const (
	TagConfiguredTTFTMs       = "cfg_ttft_ms"
	TagConfiguredITLMs        = "cfg_itl_ms"
	TagConfiguredOutputLength = "cfg_output_length"
	TagMode                   = "mode"
	TagAPI                    = "api"
)

// MetadataClock is the sample metadata key naming the clock that stamped a request's arrivals:
// measure.ClockKernel, ClockRead or ClockMixed. Metadata rather than a tag, so it adds no time series.
const MetadataClock = "clock"

// Values of the tags above.
const (
	ModeStream  = "stream"
	ModeUnary   = "unary"
	NotSentText = "default"
)

// tokenpaceMetrics are the k6 metrics of one test run, shared by all VUs.
type tokenpaceMetrics struct {
	headers, ttft, itl, e2e       *metrics.Metric
	ttftConfigured, itlConfigured *metrics.Metric
	ttftDelta, itlDelta, e2eDelta *metrics.Metric
	outputTokens, tokensPerChunk  *metrics.Metric
	streamErrors, tokenMismatch   *metrics.Metric
}

// registerMetrics returns the run's metrics; the registry hands every VU the same instances.
func registerMetrics(registry *metrics.Registry) *tokenpaceMetrics {
	timeTrend := func(name string) *metrics.Metric {
		return registry.MustNewMetric(name, metrics.Trend, metrics.Time)
	}
	return &tokenpaceMetrics{
		headers:        timeTrend(MetricHeaders),
		ttft:           timeTrend(MetricTTFT),
		itl:            timeTrend(MetricITL),
		e2e:            timeTrend(MetricE2E),
		ttftConfigured: timeTrend(MetricTTFTConfigured),
		itlConfigured:  timeTrend(MetricITLConfigured),
		ttftDelta:      timeTrend(MetricTTFTDelta),
		itlDelta:       timeTrend(MetricITLDelta),
		e2eDelta:       timeTrend(MetricE2EDelta),
		outputTokens:   registry.MustNewMetric(MetricOutputTokens, metrics.Trend),
		tokensPerChunk: registry.MustNewMetric(MetricTokensPerChunk, metrics.Trend),
		streamErrors:   registry.MustNewMetric(MetricStreamErrors, metrics.Rate),
		tokenMismatch:  registry.MustNewMetric(MetricTokenMismatch, metrics.Rate),
	}
}
