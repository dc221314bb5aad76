package measure

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tokenpace/tokenpace/packages/load/xk6/kernelstamp"
	"github.com/tokenpace/tokenpace/packages/load/xk6/kernelstamp/stamptest"
)

// stampingClient dials with kernel stamps, then lets wrap wrap the connection.
func stampingClient(t testing.TB, tlsConfig *tls.Config, wrap func(*kernelstamp.Conn) net.Conn) *Client {
	t.Helper()
	dialer := &net.Dialer{}
	transport := &http.Transport{
		TLSClientConfig:   tlsConfig,
		ForceAttemptHTTP2: true,
		DialContext: func(ctx context.Context, network, address string) (net.Conn, error) {
			conn, err := dialer.DialContext(ctx, network, address)
			if err != nil {
				return nil, err
			}
			stamps, err := kernelstamp.Wrap(conn)
			if err != nil {
				conn.Close()
				return nil, err
			}
			return wrap(stamps), nil
		},
	}
	t.Cleanup(transport.CloseIdleConnections)
	return NewClient(transport)
}

func asIs(stamps *kernelstamp.Conn) net.Conn { return stamps }

// write brackets one token's write: the kernel stamps its bytes between start and end.
type write struct{ start, end time.Time }

// scheduledTokens streams `count` chat tokens `spacing` apart and sends the bracket of each write on
// the channel.
func scheduledTokens(t *testing.T, count int, spacing time.Duration) (*httptest.Server, chan []write) {
	t.Helper()
	writes := make(chan []write, 1)
	server := httptest.NewServer(http.HandlerFunc(func(writer http.ResponseWriter, _ *http.Request) {
		writer.Header().Set("Content-Type", "text/event-stream")
		writer.(http.Flusher).Flush()
		begin := time.Now()
		written := make([]write, 0, count)
		for index := range count {
			time.Sleep(time.Until(begin.Add(time.Duration(index+1) * spacing)))
			word := " token"
			if index == 0 {
				word = "Token"
			}
			start := time.Now()
			fmt.Fprint(writer, event(chatChunk(0, word)))
			writer.(http.Flusher).Flush()
			written = append(written, write{start: start, end: time.Now()})
		}
		fmt.Fprint(writer, event("[DONE]"))
		writes <- written
	}))
	t.Cleanup(server.Close)
	return server, writes
}

func TestStreamReadsAreStampedByTheKernel(t *testing.T) {
	stamptest.Require(t)
	server, writes := scheduledTokens(t, 5, 20*time.Millisecond)
	result := stampingClient(t, nil, asIs).Do(context.Background(), streamRequest(t, server.URL, nil))
	<-writes
	if !result.OK || result.Clock != ClockKernel {
		t.Fatalf("ok %v clock %q error %q", result.OK, result.Clock, result.Error)
	}
	within(t, "ttft", result.TTFTMs, 20, 20+slackMs)
	within(t, "e2e", result.E2EMs, result.TTFTMs, 100+slackMs)
	if len(result.ITLMs) != 4 {
		t.Fatalf("itl %v", result.ITLMs)
	}
}

// lateConn holds every read back after its bytes were received, alternately by 0 and 20 ms: the VU
// goroutine waiting for the scheduler, for GC or for the other VUs.
type lateConn struct {
	net.Conn
	stamps *kernelstamp.Conn
	reads  int
}

func (conn *lateConn) Read(buffer []byte) (int, error) {
	count, err := conn.Conn.Read(buffer)
	conn.reads++
	if conn.reads%2 == 0 {
		time.Sleep(20 * time.Millisecond)
	}
	return count, err
}

// KernelStamps is nil when the test hides the stamps, so the client falls back to the read clock.
func (conn *lateConn) KernelStamps() *kernelstamp.Conn { return conn.stamps }

// gapBoundsMs returns, per gap, the least and the most the kernel can have put between two
// tokens: the bytes are stamped while their write runs, so a loaded server (descheduled between its
// write and its clock read) widens the bracket instead of failing the check.
func gapBoundsMs(t *testing.T, result *Result, written []write) (lows, highs []float64) {
	t.Helper()
	if !result.OK || len(result.ITLMs) != len(written)-1 {
		t.Fatalf("ok %v error %q itl %v", result.OK, result.Error, result.ITLMs)
	}
	for index := range result.ITLMs {
		lows = append(lows, milliseconds(written[index+1].start.Sub(written[index].end)))
		highs = append(highs, milliseconds(written[index+1].end.Sub(written[index].start)))
	}
	return lows, highs
}

func TestKernelStampsKeepTheGapsWhenTheReaderIsLate(t *testing.T) {
	stamptest.Require(t)
	const tokens, spacing = 8, 40 * time.Millisecond
	// Clock reads and stamp granularity; far below the 20 ms the reader is held back.
	const clockSlackMs = 1

	server, writes := scheduledTokens(t, tokens, spacing)
	kernel := stampingClient(t, nil, func(stamps *kernelstamp.Conn) net.Conn {
		return &lateConn{Conn: stamps, stamps: stamps}
	}).Do(context.Background(), streamRequest(t, server.URL, nil))
	if kernel.Clock != ClockKernel {
		t.Fatalf("clock %q", kernel.Clock)
	}
	lows, highs := gapBoundsMs(t, kernel, <-writes)
	for index, gapMs := range kernel.ITLMs {
		within(t, fmt.Sprintf("kernel-stamped gap %d", index), gapMs, lows[index]-clockSlackMs, highs[index]+clockSlackMs)
	}

	server, writes = scheduledTokens(t, tokens, spacing)
	read := stampingClient(t, nil, func(stamps *kernelstamp.Conn) net.Conn {
		return &lateConn{Conn: stamps}
	}).Do(context.Background(), streamRequest(t, server.URL, nil))
	if read.Clock != ClockRead {
		t.Fatalf("clock %q", read.Clock)
	}
	lows, highs = gapBoundsMs(t, read, <-writes)
	largestMs := 0.0
	for index, gapMs := range read.ITLMs {
		largestMs = max(largestMs, lows[index]-gapMs, gapMs-highs[index])
	}
	// Every other read returned 20 ms late, so gaps stamped at the read's return leave the bracket
	// by about 20 ms.
	if largestMs < 10 {
		t.Fatalf("read-stamped gaps are within %v ms of the writes: the reader was not held back", largestMs)
	}
}

func TestTLSOverHTTP1IsStampedByTheKernel(t *testing.T) {
	stamptest.Require(t)
	server := httptest.NewTLSServer(http.HandlerFunc(func(writer http.ResponseWriter, _ *http.Request) {
		writer.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(writer, event(chatChunk(0, "Alpha"))+event("[DONE]"))
	}))
	t.Cleanup(server.Close)
	tlsConfig := server.Client().Transport.(*http.Transport).TLSClientConfig.Clone()
	result := stampingClient(t, tlsConfig, asIs).Do(context.Background(), streamRequest(t, server.URL, nil))
	if !result.OK || result.Clock != ClockKernel {
		t.Fatalf("ok %v clock %q error %q", result.OK, result.Clock, result.Error)
	}
}

func TestHTTP2FallsBackToTheReadClock(t *testing.T) {
	stamptest.Require(t)
	var protocol atomic.Int32
	server := httptest.NewUnstartedServer(http.HandlerFunc(func(writer http.ResponseWriter, request *http.Request) {
		protocol.Store(int32(request.ProtoMajor))
		writer.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(writer, event(chatChunk(0, "Alpha"))+event("[DONE]"))
	}))
	server.EnableHTTP2 = true
	server.StartTLS()
	t.Cleanup(server.Close)
	tlsConfig := server.Client().Transport.(*http.Transport).TLSClientConfig.Clone()
	result := stampingClient(t, tlsConfig, asIs).Do(context.Background(), streamRequest(t, server.URL, nil))
	if protocol.Load() != 2 {
		t.Fatalf("the request came over HTTP/%d", protocol.Load())
	}
	if !result.OK || result.Clock != ClockRead {
		t.Fatalf("ok %v clock %q error %q", result.OK, result.Clock, result.Error)
	}
}

func TestUnaryResponseIsStampedByTheKernel(t *testing.T) {
	stamptest.Require(t)
	server := httptest.NewServer(http.HandlerFunc(func(writer http.ResponseWriter, _ *http.Request) {
		time.Sleep(30 * time.Millisecond)
		writer.Header().Set("Content-Type", "application/json")
		fmt.Fprint(writer, `{"choices":[{"index":0,"message":{"role":"assistant","content":"Alpha beta"},"finish_reason":"stop"}]}`)
	}))
	t.Cleanup(server.Close)
	request, err := NewRequest(server.URL+"/v1/chat/completions", map[string]any{"messages": []any{}}, nil, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	result := stampingClient(t, nil, asIs).Do(context.Background(), request)
	if !result.OK || result.Clock != ClockKernel || result.OutputTokens != 2 {
		t.Fatalf("ok %v clock %q tokens %d error %q", result.OK, result.Clock, result.OutputTokens, result.Error)
	}
	within(t, "e2e", result.E2EMs, 30, 30+slackMs)
}

func TestConnectionsWithoutStampsUseTheReadClock(t *testing.T) {
	server, writes := scheduledTokens(t, 3, 10*time.Millisecond)
	result := newTestClient(t).Do(context.Background(), streamRequest(t, server.URL, nil))
	<-writes
	if !result.OK || result.Clock != ClockRead {
		t.Fatalf("ok %v clock %q error %q", result.OK, result.Clock, result.Error)
	}
}
