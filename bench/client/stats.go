package main

import (
	"math"
	"slices"
)

// summary describes a sample in milliseconds. Percentiles are nearest-rank, as bench/lib/stats.mjs.
type summary struct {
	Count int     `json:"count"`
	Min   float64 `json:"min"`
	Mean  float64 `json:"mean"`
	P50   float64 `json:"p50"`
	P90   float64 `json:"p90"`
	P99   float64 `json:"p99"`
	P999  float64 `json:"p999"`
	Max   float64 `json:"max"`
}

// percentile is the nearest-rank percentile of an ascending slice: the smallest value with at least
// p % of the sample at or below it.
func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	// The epsilon keeps float error from bumping an exact rank up: 99.9 % of 1000 is rank 999, not 1000.
	rank := int(math.Ceil(p/100*float64(len(sorted)) - 1e-9))
	rank = max(1, min(len(sorted), rank))
	return sorted[rank-1]
}

// summarize sorts values in place and describes them. An empty sample gives a zero count and JSON
// nulls would be awkward downstream, so its fields are 0.
func summarize(values []float64) summary {
	if len(values) == 0 {
		return summary{}
	}
	slices.Sort(values)
	total := 0.0
	for _, value := range values {
		total += value
	}
	return summary{
		Count: len(values),
		Min:   roundNs(values[0]),
		Mean:  roundNs(total / float64(len(values))),
		P50:   roundNs(percentile(values, 50)),
		P90:   roundNs(percentile(values, 90)),
		P99:   roundNs(percentile(values, 99)),
		P999:  roundNs(percentile(values, 99.9)),
		Max:   roundNs(values[len(values)-1]),
	}
}

// roundNs rounds milliseconds to whole nanoseconds, the clock's resolution, dropping float noise
// from differences such as 1.4692589999999939.
func roundNs(valueMs float64) float64 {
	return math.Round(valueMs*1e6) / 1e6
}

// signedAndAbsolute summarizes errors both as they are (bias) and by magnitude (the targets).
func signedAndAbsolute(errors []float64) (signed, absolute summary) {
	magnitudes := make([]float64, len(errors))
	for index, value := range errors {
		magnitudes[index] = math.Abs(value)
	}
	return summarize(errors), summarize(magnitudes)
}
