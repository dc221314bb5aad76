package measure

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptrace"
	"sync"
	"time"

	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/sse"
	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/wire"
	"github.com/tokenpace/tokenpace/packages/load/xk6/kernelstamp"
)

// readBufferBytes is larger than any SSE event the emulator writes, so one read never has to be
// split artificially; the kernel decides what arrives together.
const readBufferBytes = 32 << 10

// errorBodyLimitBytes bounds what is kept of a non-2xx body.
const errorBodyLimitBytes = 1 << 20

// Client measures requests over one transport. It is not safe for concurrent use: a k6 VU runs
// one request at a time, and the read buffer is reused between requests.
type Client struct {
	transport http.RoundTripper
	buffer    []byte
	events    []sse.Event
}

// NewClient returns a client that sends requests through transport.
func NewClient(transport http.RoundTripper) *Client {
	return &Client{transport: transport, buffer: make([]byte, readBufferBytes)}
}

// connectionStamp records when the transport handed over a connection, i.e. right before the
// request is written: dialing and TLS belong to connectMs, not to headers, TTFT or e2e. It also keeps
// the connection, whose kernel receive stamps date the response.
type connectionStamp struct {
	mutex sync.Mutex
	at    time.Time
	conn  net.Conn
}

func (stamp *connectionStamp) mark(info httptrace.GotConnInfo) {
	now := time.Now()
	stamp.mutex.Lock()
	stamp.at = now
	stamp.conn = info.Conn
	stamp.mutex.Unlock()
}

func (stamp *connectionStamp) get() (time.Time, net.Conn) {
	stamp.mutex.Lock()
	defer stamp.mutex.Unlock()
	return stamp.at, stamp.conn
}

// receiveStampsOf returns the kernel stamps of the connection a response came over, or nil. An
// HTTP/2 connection is read by the transport's own goroutine, frame by frame and ahead of the body
// reads, and carries control frames and possibly other streams: when a body read returns, the
// connection's latest stamp may belong to anything read since, so HTTP/2 keeps the read clock.
func receiveStampsOf(conn net.Conn, response *http.Response) receiveStamps {
	if response == nil || response.ProtoMajor != 1 {
		return nil
	}
	if stamps := kernelstamp.Of(conn); stamps != nil {
		return stamps
	}
	return nil
}

// Do sends the request, reads the whole response and returns its timings. Failures are reported in
// the Result, never as a Go error: a failed request is a measurement too.
func (client *Client) Do(parent context.Context, request *Request) *Result {
	result := newResult(request.Streamed)
	result.Configured = resolveConfigured(request.Header, nil)
	ctx, cancel := context.WithTimeout(parent, request.Timeout)
	defer cancel()

	stamp := &connectionStamp{}
	traced := httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{GotConn: stamp.mark})
	httpRequest, err := http.NewRequestWithContext(traced, http.MethodPost, request.URL.String(), bytes.NewReader(request.Body))
	if err != nil {
		result.fail(newError(CodeTransport, "%v", err))
		return result
	}
	httpRequest.Header = request.Header.Clone()
	if host := httpRequest.Header.Get("Host"); host != "" {
		httpRequest.Host = host
		httpRequest.Header.Del("Host")
	}

	called := time.Now()
	response, err := client.transport.RoundTrip(httpRequest)
	returned := time.Now()
	start, conn := stamp.get()
	if start.IsZero() {
		start = called
	}
	result.ConnectMs = milliseconds(start.Sub(called))
	clock := newArrivalClock(receiveStampsOf(conn, response), start)
	defer func() { result.Clock = clock.name() }()
	// The headers were read by the transport's read loop from this connection; nothing reads it again
	// until the body is read, so its latest stamp dates the end of the headers.
	headersAt := clock.at(returned)
	if err != nil {
		result.E2EMs = milliseconds(headersAt.Sub(start))
		result.fail(classify(ctx, err, request.Timeout, "no response"))
		return result
	}
	defer response.Body.Close()
	result.Status = response.StatusCode
	result.HeadersMs = milliseconds(headersAt.Sub(start))
	result.Configured = resolveConfigured(request.Header, response.Header)

	var failure *Error
	switch {
	case response.StatusCode < 200 || response.StatusCode > 299:
		failure = client.readErrorBody(ctx, response, request, result, clock)
	case request.Streamed && !isEventStream(response.Header.Get("Content-Type")):
		failure = client.readErrorBody(ctx, response, request, result, clock)
		if failure == nil {
			failure = newError(CodeInvalidPayload, "a stream was requested but the response is %q: %s",
				response.Header.Get("Content-Type"), clip(result.Body))
		}
	case request.Streamed:
		failure = client.readStream(ctx, response.Body, request, result, clock)
	default:
		failure = client.readUnary(ctx, response.Body, request, result, clock)
	}
	if failure != nil {
		result.fail(failure)
		return result
	}
	result.OK = true
	result.deriveChecks(request)
	return result
}

func (client *Client) readErrorBody(ctx context.Context, response *http.Response, request *Request, result *Result, clock *arrivalClock) *Error {
	body, err := io.ReadAll(io.LimitReader(response.Body, errorBodyLimitBytes))
	result.E2EMs = milliseconds(clock.at(time.Now()).Sub(clock.start))
	result.Body = string(body)
	if err != nil {
		return classify(ctx, err, request.Timeout, "reading the body failed")
	}
	if response.StatusCode >= 200 && response.StatusCode <= 299 {
		return nil
	}
	message := wire.ErrorMessage(body)
	if message == "" {
		message = clip(string(body))
	}
	return newError(CodeHTTPStatus, "HTTP %d: %s", response.StatusCode, message)
}

func (client *Client) readUnary(ctx context.Context, body io.Reader, request *Request, result *Result, clock *arrivalClock) *Error {
	data, err := io.ReadAll(body)
	result.E2EMs = milliseconds(clock.at(time.Now()).Sub(clock.start))
	if err != nil {
		result.Body = string(data)
		return classify(ctx, err, request.Timeout, "reading the body failed")
	}
	return accountUnary(data, request, result)
}

// readStream reads the body as it arrives. Each read is stamped with the arrival of its bytes (the
// kernel's receive time where the connection has it, else the moment the read returns), and every
// event it completes shares that stamp: their bytes arrived together.
func (client *Client) readStream(ctx context.Context, body io.Reader, request *Request, result *Result, clock *arrivalClock) *Error {
	var decoder sse.Decoder
	account := newStreamAccount(clock.start, request, result)
	for {
		count, err := body.Read(client.buffer)
		at := clock.at(time.Now())
		if count > 0 {
			client.events = decoder.Feed(client.buffer[:count], client.events[:0])
			for _, event := range client.events {
				if failure := account.event(event, at); failure != nil {
					account.finish(at)
					return failure
				}
			}
		}
		if err == nil {
			continue
		}
		account.finish(at)
		switch {
		case errors.Is(err, io.EOF) && account.done:
			return nil
		case errors.Is(err, io.EOF):
			where := "between events"
			if decoder.Pending() {
				where = "in the middle of an event"
			}
			return newError(CodeTruncated, "the stream ended %s without %s", where, account.finalEvent())
		case ctx.Err() != nil:
			return classify(ctx, err, request.Timeout, "the stream stopped")
		case account.done:
			// Everything up to the final event arrived; only the transport's end of the response broke.
			return nil
		default:
			return newError(CodeTruncated, "the connection broke before %s: %v", account.finalEvent(), err)
		}
	}
}

func isEventStream(contentType string) bool {
	mediaType, _, err := mime.ParseMediaType(contentType)
	return err == nil && mediaType == "text/event-stream"
}

// classify names the reason an exchange stopped: its own deadline, the VU's end, or the network.
func classify(ctx context.Context, err error, timeout time.Duration, what string) *Error {
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return newError(CodeTimeout, "%s within %s (timeoutMs %d)", what, timeout, timeout.Milliseconds())
	case ctx.Err() != nil:
		return newError(CodeCanceled, "%s: the request was canceled (%v)", what, context.Cause(ctx))
	}
	return newError(CodeTransport, "%s: %v", what, err)
}
