package tokenpace

import (
	"context"
	"net"
	"net/http"

	"go.k6.io/k6/v2/lib"
	"go.k6.io/k6/v2/lib/netext"

	"github.com/tokenpace/tokenpace/packages/load/xk6/kernelstamp"
)

// newTransport builds the VU's transport the way k6 builds the one behind k6/http: the VU's dialer
// (hosts, blocked IPs, DNS options, byte counters), its TLS settings, no transparent compression
// (bytes arrive as the server sent them), and keep-alive unless the options forbid connection reuse.
// Connections it dials carry kernel receive stamps where the platform has them.
func newTransport(state *lib.State) *http.Transport {
	transport := &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		// A copy: enabling HTTP/2 adds "h2" to NextProtos, and the VU's config belongs to k6/http.
		TLSClientConfig:    state.TLSConfig.Clone(),
		DisableCompression: true,
		DisableKeepAlives:  state.Options.NoConnectionReuse.Bool,
		// A custom dialer or TLS config disables HTTP/2 unless asked for (Go issue 14275); k6 asks.
		ForceAttemptHTTP2: true,
	}
	dial := (&net.Dialer{}).DialContext
	if state.Dialer != nil {
		dial = state.Dialer.DialContext
	}
	transport.DialContext = stampingDialer(dial)
	return transport
}

type dialFunc = func(ctx context.Context, network, address string) (net.Conn, error)

// stampingDialer dials with dial and turns on kernel receive stamps on the TCP connection it gets.
// Where that is impossible (not Linux, not TCP, setsockopt refused) the connection is returned as
// dialed and the requests over it are stamped when their reads return.
func stampingDialer(dial dialFunc) dialFunc {
	return func(ctx context.Context, network, address string) (net.Conn, error) {
		conn, err := dial(ctx, network, address)
		if err != nil {
			return nil, err
		}
		if counted, ok := conn.(*netext.Conn); ok {
			// k6's dialer wraps the socket to count data_received and data_sent. Stamp beneath it, so
			// every byte still passes through (and is counted by) k6's wrapper.
			stamps, err := kernelstamp.Wrap(counted.Conn)
			if err != nil {
				return conn, nil
			}
			counted.Conn = stamps
			return &countedStampedConn{Conn: counted, stamps: stamps}, nil
		}
		if stamps, err := kernelstamp.Wrap(conn); err == nil {
			return stamps, nil
		}
		return conn, nil
	}
}

// countedStampedConn is k6's byte-counting connection, with a way for the client to find the stamps
// under it.
type countedStampedConn struct {
	*netext.Conn
	stamps *kernelstamp.Conn
}

// KernelStamps makes the connection a kernelstamp.Carrier.
func (conn *countedStampedConn) KernelStamps() *kernelstamp.Conn {
	return conn.stamps
}
