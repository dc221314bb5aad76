package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tokenpace/tokenpace/packages/load/xk6/kernelstamp"
)

// maxHeadBytes bounds a response head; real heads here are well under 2 KiB.
const maxHeadBytes = 64 * 1024

var headEnd = []byte("\r\n\r\n")

// request is one pre-serialized HTTP/1.1 request, written in a single call on every send: the client
// does no per-request formatting, so its own cost stays out of the measurement.
type request struct {
	address string
	bytes   []byte
}

func newRequest(target *url.URL, method string, headers []string, body string) (*request, error) {
	if target.Scheme != "http" {
		return nil, fmt.Errorf("only http:// targets are supported, got %q", target.Scheme)
	}
	path := target.RequestURI()
	var builder strings.Builder
	fmt.Fprintf(&builder, "%s %s HTTP/1.1\r\nHost: %s\r\n", method, path, target.Host)
	for _, header := range headers {
		name, value, found := strings.Cut(header, ":")
		if !found || strings.TrimSpace(name) == "" {
			return nil, fmt.Errorf("header %q is not name:value", header)
		}
		fmt.Fprintf(&builder, "%s: %s\r\n", strings.TrimSpace(name), strings.TrimSpace(value))
	}
	if body != "" || method == "POST" {
		fmt.Fprintf(&builder, "Content-Type: application/json\r\nContent-Length: %d\r\n", len(body))
	}
	builder.WriteString("\r\n")
	builder.WriteString(body)
	address := target.Host
	if target.Port() == "" {
		address = net.JoinHostPort(target.Hostname(), "80")
	}
	return &request{address: address, bytes: []byte(builder.String())}, nil
}

// responseHead holds what the client needs from a status line and header block.
type responseHead struct {
	status        int
	contentLength int64
	chunked       bool
	close         bool
}

func (head responseHead) decoder() bodyDecoder {
	switch {
	case head.chunked:
		return &chunkedDecoder{}
	case head.contentLength >= 0:
		return &lengthDecoder{remaining: head.contentLength}
	default:
		return closeDecoder{}
	}
}

func parseHead(raw []byte) (responseHead, error) {
	head := responseHead{contentLength: -1}
	lines := bytes.Split(raw, []byte("\r\n"))
	status := lines[0]
	if !bytes.HasPrefix(status, []byte("HTTP/1.")) || len(status) < 12 {
		return head, fmt.Errorf("bad status line %q", status)
	}
	code, err := strconv.Atoi(string(status[9:12]))
	if err != nil {
		return head, fmt.Errorf("bad status line %q", status)
	}
	head.status = code
	head.close = bytes.HasPrefix(status, []byte("HTTP/1.0"))
	for _, line := range lines[1:] {
		name, value, found := bytes.Cut(line, []byte(":"))
		if !found {
			continue
		}
		value = bytes.TrimSpace(value)
		switch strings.ToLower(string(name)) {
		case "content-length":
			length, err := strconv.ParseInt(string(value), 10, 64)
			if err != nil || length < 0 {
				return head, fmt.Errorf("bad content-length %q", value)
			}
			head.contentLength = length
		case "transfer-encoding":
			head.chunked = bytes.Contains(bytes.ToLower(value), []byte("chunked"))
		case "connection":
			lower := bytes.ToLower(value)
			head.close = bytes.Contains(lower, []byte("close"))
		}
	}
	return head, nil
}

// conn is one keep-alive connection with its read buffer.
type conn struct {
	net    net.Conn
	buffer []byte
	// head collects the bytes of a response head that arrives over several reads; reused across requests.
	head []byte
	// stamps is the connection itself where the kernel dates received bytes (Linux), nil elsewhere.
	stamps *kernelstamp.Conn
	// kernelReads and clockReads count the reads with data dated by the kernel and by their return.
	kernelReads, clockReads int
}

func dial(address string, readBufferBytes int, timeout time.Duration) (*conn, error) {
	netConn, err := net.DialTimeout("tcp", address, timeout)
	if err != nil {
		return nil, err
	}
	// Go sets TCP_NODELAY by default; the request goes out in one write anyway.
	connection := &conn{net: netConn, buffer: make([]byte, readBufferBytes)}
	if stamps, err := kernelstamp.Wrap(netConn); err == nil {
		connection.net, connection.stamps = stamps, stamps
	}
	return connection, nil
}

// arrival dates a read that returned at readAt (Go's clock, monotonic): by the kernel's receive time of
// its newest bytes where there is one, so that the time this goroutine waited to run after they arrived
// (scheduling, a sleeping vCPU) is not counted as the server's. The kernel's stamp is wall time; only
// the wait is taken from it (readAt's wall reading minus the stamp) and subtracted from readAt. A wait
// below 0 or a date before the request was sent means the wall clock stepped: the read keeps readAt.
func (c *conn) arrival(readAt, sentAt time.Time) time.Time {
	if c.stamps != nil {
		if stamp, ok := c.stamps.Latest(); ok {
			wait := readAt.Sub(stamp)
			if arrived := readAt.Add(-wait); wait >= 0 && !arrived.Before(sentAt) {
				c.kernelReads++
				return arrived
			}
		}
	}
	c.clockReads++
	return readAt
}

func (c *conn) close() {
	_ = c.net.Close()
}

// responseHandler receives one exchange as it happens. Every callback gets the time of the event:
// sent just before the request's write (so the reference never comes after the server's arrival
// time, even when the goroutine is descheduled around the system call), head and payload when the
// read that carried them returned.
type responseHandler interface {
	sent(at time.Time)
	head(head responseHead, at time.Time)
	payload(data []byte, at time.Time)
}

// exchange sends the request and reads the whole response, feeding the handler as bytes arrive. It
// reports the status and whether the connection may carry another request.
func (c *conn) exchange(request *request, deadline time.Time, handler responseHandler) (status int, keepAlive bool, err error) {
	if err := c.net.SetDeadline(deadline); err != nil {
		return 0, false, err
	}
	sentAt := time.Now()
	handler.sent(sentAt)
	if _, err := c.net.Write(request.bytes); err != nil {
		return 0, false, err
	}
	c.head = c.head[:0]
	var head responseHead
	var decoder bodyDecoder
	var readAt time.Time
	emit := func(payload []byte) { handler.payload(payload, readAt) }
	for {
		count, readErr := c.net.Read(c.buffer)
		readAt = time.Now()
		if count > 0 {
			readAt = c.arrival(readAt, sentAt)
		}
		data := c.buffer[:count]
		if decoder == nil && count > 0 {
			c.head = append(c.head, data...)
			end := bytes.Index(c.head, headEnd)
			if end < 0 {
				if len(c.head) > maxHeadBytes {
					return 0, false, errors.New("response head too large")
				}
				data = nil
			} else {
				parsed, err := parseHead(c.head[:end])
				if err != nil {
					return 0, false, err
				}
				head, decoder = parsed, parsed.decoder()
				handler.head(head, readAt)
				// Whatever follows the head in these bytes is the start of the body.
				data = c.head[end+len(headEnd):]
			}
		}
		if decoder != nil {
			// Fed even when empty: a zero-length body is complete as soon as its head.
			done, err := decoder.feed(data, emit)
			if err != nil {
				return head.status, false, err
			}
			if done {
				return head.status, !head.close, nil
			}
		}
		if readErr != nil {
			if _, endsAtClose := decoder.(closeDecoder); endsAtClose && readErr == io.EOF {
				return head.status, false, nil
			}
			if readErr == io.EOF {
				return head.status, false, io.ErrUnexpectedEOF
			}
			return head.status, false, readErr
		}
	}
}
