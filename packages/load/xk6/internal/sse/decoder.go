// Package sse decodes a text/event-stream incrementally, as its bytes arrive.
//
// It follows the WHATWG event-stream grammar: lines end with LF, CRLF or CR (a CRLF split across two
// reads is still one line end), a blank line dispatches the event, `data` lines are joined with LF,
// lines starting with ':' are comments. The decoder never blocks and never reads: the caller feeds
// it the bytes of each read, so every event can be stamped with the time its last byte arrived.
package sse

import "bytes"

// Event is one dispatched server-sent event.
type Event struct {
	// Name is the `event` field; empty means the default type "message".
	Name string
	// Data is the concatenation of the event's `data` lines, joined with LF.
	Data string
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// Decoder holds the state carried between reads: a partial line, a pending CR and the fields of the
// event being built. The zero value is ready to use.
type Decoder struct {
	line        []byte
	afterCR     bool
	started     bool
	data        []byte
	hasData     bool
	name        string
	pendingBOMs int
}

// Feed consumes the bytes of one read and appends every event they complete to events.
func (d *Decoder) Feed(chunk []byte, events []Event) []Event {
	chunk = d.skipBOM(chunk)
	for len(chunk) > 0 {
		if d.afterCR {
			d.afterCR = false
			if chunk[0] == '\n' {
				chunk = chunk[1:]
				continue
			}
		}
		end := bytes.IndexAny(chunk, "\r\n")
		if end < 0 {
			d.line = append(d.line, chunk...)
			return events
		}
		var line []byte
		if len(d.line) > 0 {
			d.line = append(d.line, chunk[:end]...)
			line = d.line
		} else {
			line = chunk[:end]
		}
		d.afterCR = chunk[end] == '\r'
		chunk = chunk[end+1:]
		events = d.processLine(line, events)
		d.line = d.line[:0]
	}
	return events
}

// Pending reports whether bytes of an unfinished event are buffered (useful to tell a stream cut
// mid-event from one cut between events).
func (d *Decoder) Pending() bool {
	return len(d.line) > 0 || d.hasData || d.name != ""
}

// skipBOM drops a UTF-8 byte order mark at the very start of the stream, even when it arrives split
// across reads.
func (d *Decoder) skipBOM(chunk []byte) []byte {
	for !d.started && len(chunk) > 0 {
		if chunk[0] != utf8BOM[d.pendingBOMs] {
			// A partial BOM that turns out not to be one: its bytes were content after all.
			d.line = append(d.line, utf8BOM[:d.pendingBOMs]...)
			d.started = true
			break
		}
		d.pendingBOMs++
		chunk = chunk[1:]
		if d.pendingBOMs == len(utf8BOM) {
			d.started = true
		}
	}
	return chunk
}

func (d *Decoder) processLine(line []byte, events []Event) []Event {
	if len(line) == 0 {
		return d.dispatch(events)
	}
	if line[0] == ':' {
		return events
	}
	field, value := line, []byte(nil)
	if colon := bytes.IndexByte(line, ':'); colon >= 0 {
		field, value = line[:colon], line[colon+1:]
		if len(value) > 0 && value[0] == ' ' {
			value = value[1:]
		}
	}
	switch string(field) {
	case "data":
		if d.hasData {
			d.data = append(d.data, '\n')
		}
		d.data = append(d.data, value...)
		d.hasData = true
	case "event":
		d.name = string(value)
	}
	// `id` and `retry` only matter to reconnecting clients; a measured request never reconnects.
	return events
}

func (d *Decoder) dispatch(events []Event) []Event {
	if d.hasData {
		events = append(events, Event{Name: d.name, Data: string(d.data)})
	}
	d.data = d.data[:0]
	d.hasData = false
	d.name = ""
	return events
}
