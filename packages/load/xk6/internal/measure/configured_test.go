package measure

import (
	"net/http"
	"testing"
)

func TestParsePlainNumber(t *testing.T) {
	accepted := map[string]float64{"100": 100, " 12.5 ": 12.5, "0": 0, "0.001": 0.001}
	for text, want := range accepted {
		if got, ok := ParsePlainNumber(text); !ok || got != want {
			t.Errorf("%q: got %v %v, want %v", text, got, ok, want)
		}
	}
	for _, text := range []string{"", "-1", "1e3", "lognormal(p50=200,p99=800)", "NaN", "Infinity", "1.2.3", "0x10", "+5"} {
		if got, ok := ParsePlainNumber(text); ok {
			t.Errorf("%q: accepted as %v", text, got)
		}
	}
}

func TestConfiguredPrefersTheServersValues(t *testing.T) {
	request := http.Header{}
	request.Set(HeaderTTFTMs, "lognormal(p50=200,p99=800)")
	request.Set(HeaderITLMs, "50")
	request.Set(HeaderOutputLength, "20")
	response := http.Header{}
	response.Set(ResponseHeaderTTFTMs, "231.5")
	response.Set(ResponseHeaderOutputLength, "20")
	got := resolveConfigured(request, response)
	if want := (Configured{TTFTMs: 231.5, ITLMs: 50, OutputLength: 20}); got != want {
		t.Fatalf("got %#v, want %#v", got, want)
	}
}

func TestConfiguredUnknownWithoutNumbers(t *testing.T) {
	request := http.Header{}
	request.Set(HeaderTTFTMs, "uniform(min=10,max=20)")
	got := resolveConfigured(request, nil)
	if want := (Configured{TTFTMs: Unknown, ITLMs: Unknown, OutputLength: Unknown}); got != want {
		t.Fatalf("got %#v, want %#v", got, want)
	}
}
