package main

import "bytes"

// sseDecoder splits a text/event-stream into events incrementally (WHATWG grammar, as far as a load
// client needs it): lines end with LF, CRLF or CR, even when split across reads; `data` lines are
// joined with LF; a blank line dispatches; comments and other fields are skipped.
type sseDecoder struct {
	line    []byte
	afterCR bool
	data    []byte
	hasData bool
}

// feed consumes one piece of payload and calls onEvent with the data of every event it completes.
// The slice passed to onEvent is only valid during the call.
func (d *sseDecoder) feed(chunk []byte, onEvent func(data []byte)) {
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
			return
		}
		line := chunk[:end]
		if len(d.line) > 0 {
			d.line = append(d.line, line...)
			line = d.line
		}
		d.afterCR = chunk[end] == '\r'
		chunk = chunk[end+1:]
		d.endLine(line, onEvent)
		d.line = d.line[:0]
	}
}

func (d *sseDecoder) endLine(line []byte, onEvent func([]byte)) {
	if len(line) == 0 {
		if d.hasData {
			onEvent(d.data)
		}
		d.data, d.hasData = d.data[:0], false
		return
	}
	field, value := line, []byte(nil)
	if colon := bytes.IndexByte(line, ':'); colon >= 0 {
		field, value = line[:colon], line[colon+1:]
		if len(value) > 0 && value[0] == ' ' {
			value = value[1:]
		}
	}
	if string(field) != "data" {
		return
	}
	if d.hasData {
		d.data = append(d.data, '\n')
	}
	d.data = append(d.data, value...)
	d.hasData = true
}

// pending reports whether part of an event is buffered (a stream cut there was cut mid-event).
func (d *sseDecoder) pending() bool {
	return len(d.line) > 0 || d.hasData
}

type eventKind uint8

const (
	eventOther eventKind = iota
	// eventContent is a chunk whose delta carries a non-empty content string: one output token.
	eventContent
	eventDone
	eventError
)

var (
	doneData   = []byte("[DONE]")
	contentKey = []byte(`"content"`)
	errorKey   = []byte(`"error"`)
	choicesKey = []byte(`"choices"`)
)

// classify tells content tokens from role, finish and usage chunks without decoding the JSON: at
// hundreds of thousands of events per second a full decode would make the client the bottleneck.
// It relies on JSON escaping: a quote inside a string value is always escaped, so a literal
// `"content"` followed by a colon can only be a key.
func classify(data []byte) eventKind {
	if bytes.Equal(data, doneData) {
		return eventDone
	}
	if !bytes.Contains(data, choicesKey) && bytes.Contains(data, errorKey) {
		return eventError
	}
	for rest := data; ; {
		at := bytes.Index(rest, contentKey)
		if at < 0 {
			return eventOther
		}
		rest = skipSpace(rest[at+len(contentKey):])
		if len(rest) == 0 || rest[0] != ':' {
			continue
		}
		rest = skipSpace(rest[1:])
		if len(rest) >= 2 && rest[0] == '"' && rest[1] != '"' {
			return eventContent
		}
	}
}

func skipSpace(data []byte) []byte {
	for len(data) > 0 && (data[0] == ' ' || data[0] == '\t' || data[0] == '\n' || data[0] == '\r') {
		data = data[1:]
	}
	return data
}
