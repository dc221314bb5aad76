package measure

import (
	"math"
	"net/http"
	"strconv"
	"strings"
)

// Header names from packages/core/src/protocol.ts (checked against it by a test).
const (
	HeaderTTFTMs               = "x-ttft-ms"
	HeaderITLMs                = "x-itl-ms"
	HeaderOutputLength         = "x-output-length"
	ResponseHeaderTTFTMs       = "x-tokenpace-ttft-ms"
	ResponseHeaderITLMs        = "x-tokenpace-itl-ms"
	ResponseHeaderOutputLength = "x-tokenpace-output-length"
)

// resolveConfigured prefers the values the server reports (exact per request, also when the request
// asked for a distribution) and falls back to request headers that are plain numbers.
func resolveConfigured(request http.Header, response http.Header) Configured {
	return Configured{
		TTFTMs:       configuredValue(request, response, HeaderTTFTMs, ResponseHeaderTTFTMs),
		ITLMs:        configuredValue(request, response, HeaderITLMs, ResponseHeaderITLMs),
		OutputLength: configuredValue(request, response, HeaderOutputLength, ResponseHeaderOutputLength),
	}
}

func configuredValue(request http.Header, response http.Header, requestName, responseName string) float64 {
	if response != nil {
		if value, ok := ParsePlainNumber(response.Get(responseName)); ok {
			return value
		}
	}
	if value, ok := ParsePlainNumber(request.Get(requestName)); ok {
		return value
	}
	return Unknown
}

// ParsePlainNumber accepts a finite, non-negative decimal number such as "100" or "12.5"; a
// distribution like "lognormal(p50=200,p99=800)" is not one.
func ParsePlainNumber(text string) (float64, bool) {
	text = strings.TrimSpace(text)
	if text == "" {
		return 0, false
	}
	for _, char := range text {
		if (char < '0' || char > '9') && char != '.' {
			return 0, false
		}
	}
	value, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsInf(value, 0) || math.IsNaN(value) {
		return 0, false
	}
	return value, true
}
