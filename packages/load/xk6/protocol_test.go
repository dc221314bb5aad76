package tokenpace

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/measure"
)

// protocolPath is the TypeScript source of truth for names shared by the emulator, the extension
// and the report.
var protocolPath = filepath.Join("..", "..", "core", "src", "protocol.ts")

func readProtocol(t *testing.T) string {
	t.Helper()
	source, err := os.ReadFile(protocolPath)
	if err != nil {
		t.Fatalf("reading %s: %v", protocolPath, err)
	}
	return string(source)
}

// objectEntries reads `export const NAME = { key: 'value', ... }` from the TypeScript source.
func objectEntries(t *testing.T, source, name string) map[string]string {
	t.Helper()
	block := regexp.MustCompile(`(?s)export const ` + name + ` = \{(.*?)\} as const;`).FindStringSubmatch(source)
	if block == nil {
		t.Fatalf("export const %s = {...} as const not found in %s", name, protocolPath)
	}
	entries := map[string]string{}
	for _, match := range regexp.MustCompile(`(?m)^\s*(\w+): '([^']*)',`).FindAllStringSubmatch(block[1], -1) {
		entries[match[1]] = match[2]
	}
	if len(entries) == 0 {
		t.Fatalf("no entries parsed from %s", name)
	}
	return entries
}

// constant reads `export const NAME = 'text';` or `export const NAME = 123_456;`.
func constant(t *testing.T, source, name string) string {
	t.Helper()
	match := regexp.MustCompile(`export const ` + name + ` = ('([^']*)'|[\d_]+);`).FindStringSubmatch(source)
	if match == nil {
		t.Fatalf("export const %s not found in %s", name, protocolPath)
	}
	if match[2] != "" {
		return match[2]
	}
	return strings.ReplaceAll(match[1], "_", "")
}

func compareEntries(t *testing.T, what string, protocol, goSide map[string]string) {
	t.Helper()
	for key, value := range protocol {
		if goSide[key] != value {
			t.Errorf("%s.%s: protocol.ts says %q, the extension says %q", what, key, value, goSide[key])
		}
	}
	for key := range goSide {
		if _, ok := protocol[key]; !ok {
			t.Errorf("%s.%s exists in the extension but not in protocol.ts", what, key)
		}
	}
}

func TestMetricNamesMatchProtocol(t *testing.T) {
	compareEntries(t, "METRIC", objectEntries(t, readProtocol(t), "METRIC"), map[string]string{
		"headers":        MetricHeaders,
		"ttft":           MetricTTFT,
		"itl":            MetricITL,
		"e2e":            MetricE2E,
		"ttftConfigured": MetricTTFTConfigured,
		"itlConfigured":  MetricITLConfigured,
		"ttftDelta":      MetricTTFTDelta,
		"itlDelta":       MetricITLDelta,
		"e2eDelta":       MetricE2EDelta,
		"outputTokens":   MetricOutputTokens,
		"tokensPerChunk": MetricTokensPerChunk,
		"streamErrors":   MetricStreamErrors,
		"tokenMismatch":  MetricTokenMismatch,
	})
}

func TestTagNamesMatchProtocol(t *testing.T) {
	compareEntries(t, "TAG", objectEntries(t, readProtocol(t), "TAG"), map[string]string{
		"configuredTtftMs":       TagConfiguredTTFTMs,
		"configuredItlMs":        TagConfiguredITLMs,
		"configuredOutputLength": TagConfiguredOutputLength,
		"mode":                   TagMode,
		"api":                    TagAPI,
	})
}

func TestHeadersAndLimitsMatchProtocol(t *testing.T) {
	source := readProtocol(t)
	expected := map[string]string{
		"HEADER_TTFT_MS":                           measure.HeaderTTFTMs,
		"HEADER_ITL_MS":                            measure.HeaderITLMs,
		"HEADER_OUTPUT_LENGTH":                     measure.HeaderOutputLength,
		"RESPONSE_HEADER_CONFIGURED_TTFT_MS":       measure.ResponseHeaderTTFTMs,
		"RESPONSE_HEADER_CONFIGURED_ITL_MS":        measure.ResponseHeaderITLMs,
		"RESPONSE_HEADER_CONFIGURED_OUTPUT_LENGTH": measure.ResponseHeaderOutputLength,
		"MAX_CHOICES":                              strconv.Itoa(measure.MaxChoices),
	}
	for name, goValue := range expected {
		if got := constant(t, source, name); got != goValue {
			t.Errorf("%s: protocol.ts says %q, the extension says %q", name, got, goValue)
		}
	}
}

// Every metric name must start with the prefix the report strips for SLO expressions.
func TestMetricPrefix(t *testing.T) {
	prefix := constant(t, readProtocol(t), "METRIC_PREFIX")
	for key, name := range objectEntries(t, readProtocol(t), "METRIC") {
		if !strings.HasPrefix(name, prefix) {
			t.Errorf("METRIC.%s = %q lacks the prefix %q", key, name, prefix)
		}
	}
}
