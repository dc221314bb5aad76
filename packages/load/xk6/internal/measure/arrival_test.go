package measure

import (
	"testing"
	"time"
)

// fixedStamps is a connection whose last read carried the given kernel stamp (or none).
type fixedStamps struct {
	at time.Time
	ok bool
}

func (stamps *fixedStamps) Latest() (time.Time, bool) { return stamps.at, stamps.ok }

func TestKernelLag(t *testing.T) {
	returned := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	elapsed := 100 * time.Millisecond
	cases := map[string]struct {
		stamp       time.Time
		elapsedWall time.Duration
		lag         time.Duration
		ok          bool
	}{
		"arrived 3 ms before the read returned": {returned.Add(-3 * time.Millisecond), elapsed, 3 * time.Millisecond, true},
		"arrived as the read returned":          {returned, elapsed, 0, true},
		"arrived right after the request":       {returned.Add(-elapsed), elapsed, elapsed, true},
		"after the read returned":               {returned.Add(time.Microsecond), elapsed, 0, false},
		"before the request started":            {returned.Add(-elapsed - time.Microsecond), elapsed, 0, false},
		"wall clock stepped forward 1 ms":       {returned.Add(-3 * time.Millisecond), elapsed + time.Millisecond, 0, false},
		"wall clock stepped back 1 ms":          {returned.Add(-3 * time.Millisecond), elapsed - time.Millisecond, 0, false},
		"clocks read 0.5 ms apart":              {returned.Add(-3 * time.Millisecond), elapsed + maxWallStep, 3 * time.Millisecond, true},
	}
	for name, testCase := range cases {
		lag, ok := kernelLag(testCase.stamp, returned, elapsed, testCase.elapsedWall)
		if lag != testCase.lag || ok != testCase.ok {
			t.Errorf("%s: kernelLag = %v, %v; want %v, %v", name, lag, ok, testCase.lag, testCase.ok)
		}
	}
}

func TestArrivalIsTheReadMinusTheKernelLag(t *testing.T) {
	start := time.Now()
	returned := start.Add(30 * time.Millisecond)
	stamps := &fixedStamps{at: returned.Round(0).Add(-7 * time.Millisecond), ok: true}
	clock := newArrivalClock(stamps, start)
	at := clock.at(returned)
	if got := at.Sub(start); got != 23*time.Millisecond {
		t.Fatalf("arrival %v after the start, want 23ms", got)
	}
	if at.Round(0) == at {
		t.Fatal("the arrival lost the monotonic reading: durations would be wall-clock differences")
	}
	if clock.name() != ClockKernel {
		t.Fatalf("clock %q", clock.name())
	}
}

func TestArrivalFallsBackToTheReadsReturn(t *testing.T) {
	start := time.Now()
	returned := start.Add(30 * time.Millisecond)
	cases := map[string]receiveStamps{
		"no stamps on the connection": nil,
		"a read without a stamp":      &fixedStamps{},
		"a stamp after the read":      &fixedStamps{at: returned.Round(0).Add(time.Millisecond), ok: true},
		"a stamp before the request":  &fixedStamps{at: start.Round(0).Add(-time.Millisecond), ok: true},
	}
	for name, stamps := range cases {
		clock := newArrivalClock(stamps, start)
		if at := clock.at(returned); at != returned {
			t.Errorf("%s: arrival %v, want the read's return %v", name, at, returned)
		}
		if clock.name() != ClockRead {
			t.Errorf("%s: clock %q, want %q", name, clock.name(), ClockRead)
		}
	}
}

func TestClockNames(t *testing.T) {
	start := time.Now()
	stamps := &fixedStamps{at: start.Round(0), ok: true}
	clock := newArrivalClock(stamps, start)
	if clock.name() != ClockRead {
		t.Fatalf("no arrivals: %q", clock.name())
	}
	clock.at(start.Add(time.Millisecond))
	stamps.ok = false
	clock.at(start.Add(2 * time.Millisecond))
	if clock.name() != ClockMixed {
		t.Fatalf("one kernel and one read arrival: %q", clock.name())
	}
}
