// Package tokens counts the output tokens of an emulator response from its text, however a gateway
// re-chunks it.
//
// The emulator's text is a sequence of pieces, each exactly one token that starts with exactly one
// word start: a non-space character at the start of the text or right after a space ("Alpha",
// " beta", " gamma"). Counting word starts therefore counts tokens, and carrying "the previous
// character was a space, or nothing came yet" across events keeps the count exact when a token is
// split between events or several tokens share one event.
package tokens

// Counter counts the tokens of one choice. The zero value is ready for the start of a text.
type Counter struct {
	// midWord is true once a non-space character came and no space since: the next non-space
	// character then continues a token instead of starting one.
	midWord bool
	total   int
}

// Add consumes the next part of the text and returns how many tokens start in it.
func (c *Counter) Add(text string) int {
	started := 0
	midWord := c.midWord
	// Byte-wise is exact for UTF-8: no byte of a multi-byte character equals the ASCII space.
	for index := 0; index < len(text); index++ {
		if text[index] == ' ' {
			midWord = false
			continue
		}
		if !midWord {
			started++
			midWord = true
		}
	}
	c.midWord = midWord
	c.total += started
	return started
}

// AddPiece counts one token for a delta whose text is not made of word pieces: the emulator sends a
// JSON answer or tool arguments one tokenizer token per delta, so a non-empty delta is one token. It
// leaves the word state alone, since JSON and text never share a choice's text.
func (c *Counter) AddPiece() int {
	c.total++
	return 1
}

// Total is the number of tokens counted so far.
func (c *Counter) Total() int {
	return c.total
}

// Count returns the number of tokens of a complete text.
func Count(text string) int {
	var counter Counter
	return counter.Add(text)
}
