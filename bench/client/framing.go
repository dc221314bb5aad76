package main

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// maxFramingLine bounds a chunk-size or trailer line; a longer one means the peer is not speaking HTTP/1.1.
const maxFramingLine = 4096

var errFramingLine = errors.New("chunked framing: line too long")

// bodyDecoder removes HTTP/1.1 message framing incrementally: it is fed the bytes of each read and
// hands the payload bytes they carry to emit, so the caller can stamp payload with the read's time.
type bodyDecoder interface {
	// feed consumes data and reports whether the body is complete. Bytes after the end are ignored:
	// the client never pipelines, so there are none on a well-behaved connection.
	feed(data []byte, emit func(payload []byte)) (done bool, err error)
}

// lengthDecoder frames a body by Content-Length.
type lengthDecoder struct {
	remaining int64
}

func (d *lengthDecoder) feed(data []byte, emit func([]byte)) (bool, error) {
	if d.remaining <= 0 {
		return true, nil
	}
	take := min(int64(len(data)), d.remaining)
	if take > 0 {
		emit(data[:take])
		d.remaining -= take
	}
	return d.remaining == 0, nil
}

// closeDecoder frames a body that ends when the server closes the connection.
type closeDecoder struct{}

func (closeDecoder) feed(data []byte, emit func([]byte)) (bool, error) {
	if len(data) > 0 {
		emit(data)
	}
	return false, nil
}

type chunkedState uint8

const (
	chunkSizeLine chunkedState = iota
	chunkData
	chunkDataEnd
	chunkTrailer
	chunkDone
)

// chunkedDecoder frames a body sent with Transfer-Encoding: chunked (RFC 9112 §7.1), in any split.
type chunkedDecoder struct {
	state     chunkedState
	remaining int64
	line      []byte
}

func (d *chunkedDecoder) feed(data []byte, emit func([]byte)) (bool, error) {
	for len(data) > 0 && d.state != chunkDone {
		if d.state == chunkData {
			take := min(int64(len(data)), d.remaining)
			emit(data[:take])
			data = data[take:]
			d.remaining -= take
			if d.remaining == 0 {
				d.state = chunkDataEnd
			}
			continue
		}
		end := bytes.IndexByte(data, '\n')
		if end < 0 {
			d.line = append(d.line, data...)
			if len(d.line) > maxFramingLine {
				return false, errFramingLine
			}
			return false, nil
		}
		line := data[:end]
		if len(d.line) > 0 {
			d.line = append(d.line, line...)
			line = d.line
		}
		data = data[end+1:]
		if err := d.endLine(bytes.TrimSuffix(line, []byte{'\r'})); err != nil {
			return false, err
		}
		d.line = d.line[:0]
	}
	return d.state == chunkDone, nil
}

func (d *chunkedDecoder) endLine(line []byte) error {
	switch d.state {
	case chunkSizeLine:
		if semicolon := bytes.IndexByte(line, ';'); semicolon >= 0 {
			line = line[:semicolon]
		}
		size, err := strconv.ParseInt(string(bytes.TrimSpace(line)), 16, 64)
		if err != nil || size < 0 {
			return fmt.Errorf("chunked framing: bad chunk size %q", line)
		}
		if size == 0 {
			d.state = chunkTrailer
		} else {
			d.state, d.remaining = chunkData, size
		}
	case chunkDataEnd:
		if len(line) != 0 {
			return fmt.Errorf("chunked framing: %d stray bytes after a chunk", len(line))
		}
		d.state = chunkSizeLine
	case chunkTrailer:
		// Trailer fields are ignored; the empty line ends the body.
		if len(line) == 0 {
			d.state = chunkDone
		}
	}
	return nil
}
