package tokenpace

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.k6.io/k6/v2/lib"
	"go.k6.io/k6/v2/lib/netext"
	"gopkg.in/guregu/null.v3"

	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/measure"
	"github.com/tokenpace/tokenpace/packages/load/xk6/kernelstamp"
	"github.com/tokenpace/tokenpace/packages/load/xk6/kernelstamp/stamptest"
)

type countingDialer struct {
	dials int
}

func (dialer *countingDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	dialer.dials++
	return (&net.Dialer{}).DialContext(ctx, network, address)
}

func TestTransportUsesTheVUsDialerAndACopyOfItsTLSConfig(t *testing.T) {
	dialer := &countingDialer{}
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: "gateway.test"}
	transport := newTransport(&lib.State{Dialer: dialer, TLSConfig: tlsConfig})
	if transport.TLSClientConfig == tlsConfig || transport.TLSClientConfig.ServerName != "gateway.test" {
		t.Fatalf("TLS config %p (VU's %p) %#v", transport.TLSClientConfig, tlsConfig, transport.TLSClientConfig)
	}
	if transport.DisableKeepAlives || !transport.DisableCompression || !transport.ForceAttemptHTTP2 {
		t.Fatalf("transport %#v", transport)
	}
	if _, err := transport.DialContext(context.Background(), "tcp", "127.0.0.1:1"); err == nil || dialer.dials != 1 {
		t.Fatalf("dial err %v, dials %d", err, dialer.dials)
	}
}

func TestNoConnectionReuseDisablesKeepAlive(t *testing.T) {
	transport := newTransport(&lib.State{Options: lib.Options{NoConnectionReuse: null.BoolFrom(true)}})
	if !transport.DisableKeepAlives {
		t.Fatal("keep-alive still enabled")
	}
}

// connectionsFor runs one request in each of the given iterations and counts the connections the
// server saw.
func connectionsFor(t *testing.T, noReuseAcrossIterations bool, iterations ...int64) int32 {
	t.Helper()
	var connections atomic.Int32
	server := httptest.NewUnstartedServer(http.HandlerFunc(func(writer http.ResponseWriter, _ *http.Request) {
		writer.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(writer, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Alpha\"}}]}\n\ndata: [DONE]\n\n")
	}))
	server.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			connections.Add(1)
		}
	}
	server.Start()
	t.Cleanup(server.Close)
	request, err := measure.NewRequest(server.URL+"/v1/chat/completions", map[string]any{"stream": true}, nil, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	instance := &ModuleInstance{iteration: -1}
	for _, iteration := range iterations {
		client := instance.clientFor(noReuseAcrossIterations, iteration, func() *http.Transport { return &http.Transport{} })
		if result := client.Do(context.Background(), request); !result.OK {
			t.Fatal(result.Error)
		}
	}
	instance.transport.CloseIdleConnections()
	return connections.Load()
}

func TestConnectionsAreReusedAcrossIterationsUnlessForbidden(t *testing.T) {
	if got := connectionsFor(t, false, 0, 0, 1, 2); got != 1 {
		t.Errorf("default: %d connections for 4 requests in 3 iterations, want 1", got)
	}
	if got := connectionsFor(t, true, 0, 0, 1, 2); got != 3 {
		t.Errorf("noVUConnectionReuse: %d connections for 4 requests in 3 iterations, want 3", got)
	}
}

// echoListener accepts one connection and writes payload to it.
func echoListener(t *testing.T, payload string) string {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { listener.Close() })
	go func() {
		conn, err := listener.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		fmt.Fprint(conn, payload)
	}()
	return listener.Addr().String()
}

func TestStampingUnderK6sDialerKeepsTheByteCounters(t *testing.T) {
	stamptest.Require(t)
	payload := strings.Repeat("data: {}\n\n", 300)
	dialer := netext.NewDialer(net.Dialer{}, nil)
	conn, err := stampingDialer(dialer.DialContext)(context.Background(), "tcp", echoListener(t, payload))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	stamps := kernelstamp.Of(conn)
	if stamps == nil {
		t.Fatalf("%T carries no kernel stamps", conn)
	}
	received, err := io.ReadAll(conn)
	if err != nil || string(received) != payload {
		t.Fatalf("read %d bytes, %v", len(received), err)
	}
	if read := atomic.LoadInt64(&dialer.BytesRead); read != int64(len(payload)) {
		t.Fatalf("data_received counted %d bytes, want %d", read, len(payload))
	}
	if _, err := conn.Write([]byte("x")); err != nil {
		t.Fatal(err)
	}
	if written := atomic.LoadInt64(&dialer.BytesWritten); written != 1 {
		t.Fatalf("data_sent counted %d bytes, want 1", written)
	}
}

// pipeDialer dials something that is not a TCP socket, as a test double or a custom dialer might.
type pipeDialer struct{}

func (pipeDialer) DialContext(context.Context, string, string) (net.Conn, error) {
	client, server := net.Pipe()
	server.Close()
	return client, nil
}

func TestConnectionsWithoutASocketAreDialedAsIs(t *testing.T) {
	conn, err := stampingDialer(pipeDialer{}.DialContext)(context.Background(), "tcp", "127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if kernelstamp.Of(conn) != nil {
		t.Fatalf("%T claims kernel stamps", conn)
	}
}
