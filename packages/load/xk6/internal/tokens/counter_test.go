package tokens

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestCountsWordStarts(t *testing.T) {
	cases := map[string]int{
		"":                     0,
		"Alpha":                1,
		"Alpha beta gamma":     3,
		" beta":                1,
		"Ünïcode wörds ünder":  3,
		"Alpha  beta":          2,
		"   ":                  0,
		"Alpha beta gamma ":    3,
		"Hello, world! Again.": 3,
	}
	for text, want := range cases {
		if got := Count(text); got != want {
			t.Errorf("Count(%q) = %d, want %d", text, got, want)
		}
	}
}

func TestTokenSplitAcrossEventsCountsOnce(t *testing.T) {
	var counter Counter
	parts := []string{"Al", "pha", " ", "be", "ta gam", "ma", ""}
	want := []int{1, 0, 0, 1, 1, 0, 0}
	for index, part := range parts {
		if got := counter.Add(part); got != want[index] {
			t.Fatalf("part %d %q: got %d tokens, want %d", index, part, got, want[index])
		}
	}
	if counter.Total() != 3 {
		t.Fatalf("total %d, want 3", counter.Total())
	}
}

func TestSeveralTokensInOneEvent(t *testing.T) {
	var counter Counter
	if got := counter.Add("Alpha"); got != 1 {
		t.Fatalf("got %d", got)
	}
	if got := counter.Add(" beta gamma delta"); got != 3 {
		t.Fatalf("got %d, want 3", got)
	}
}

// Property: however an emulator text of N pieces is cut into events, the per-event counts sum to N.
func TestAnyRechunkingSumsToThePieceCount(t *testing.T) {
	words := []string{"alpha", "beta", "gamma", "über", "naïve", "x", "déjà"}
	random := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 2000; trial++ {
		pieceCount := random.IntN(40)
		var text strings.Builder
		for piece := 0; piece < pieceCount; piece++ {
			word := words[random.IntN(len(words))]
			if piece == 0 {
				text.WriteString(strings.ToUpper(word[:1]) + word[1:])
			} else {
				text.WriteString(" " + word)
			}
		}
		full := text.String()
		var counter Counter
		sum := 0
		for rest := full; len(rest) > 0; {
			cut := 1 + random.IntN(min(len(rest), 12))
			sum += counter.Add(rest[:cut])
			rest = rest[cut:]
		}
		if sum != pieceCount || counter.Total() != pieceCount {
			t.Fatalf("trial %d: %q cut randomly counted %d (total %d), want %d", trial, full, sum, counter.Total(), pieceCount)
		}
	}
}
