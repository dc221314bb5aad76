package main

import (
	"math"
	"testing"
)

func TestPercentileIsNearestRank(t *testing.T) {
	sorted := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	cases := map[float64]float64{0: 1, 10: 1, 11: 2, 50: 5, 90: 9, 99: 10, 99.9: 10, 100: 10}
	for p, want := range cases {
		if got := percentile(sorted, p); got != want {
			t.Errorf("p%v = %v, want %v", p, got, want)
		}
	}
	if !math.IsNaN(percentile(nil, 50)) {
		t.Error("percentile of nothing should be NaN")
	}
}

func TestSummarize(t *testing.T) {
	values := make([]float64, 0, 1000)
	for value := 1000; value >= 1; value-- {
		values = append(values, float64(value)/1000)
	}
	got := summarize(values)
	want := summary{Count: 1000, Min: 0.001, Mean: 0.5005, P50: 0.5, P90: 0.9, P99: 0.99, P999: 0.999, Max: 1}
	if got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	if summarize(nil) != (summary{}) {
		t.Fatal("an empty sample should summarize to zeros")
	}
}

func TestSignedAndAbsolute(t *testing.T) {
	signed, absolute := signedAndAbsolute([]float64{-3, 1, 2})
	if signed.Min != -3 || signed.Max != 2 || absolute.Min != 1 || absolute.Max != 3 || absolute.P50 != 2 {
		t.Fatalf("signed %+v, absolute %+v", signed, absolute)
	}
}
