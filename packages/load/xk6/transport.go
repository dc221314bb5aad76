package tokenpace

import (
	"net/http"

	"go.k6.io/k6/lib"
)

// newTransport builds the VU's transport the way k6 builds the one behind k6/http: the VU's dialer
// (hosts, blocked IPs, DNS options, byte counters), its TLS settings, no transparent compression
// (bytes arrive as the server sent them), and keep-alive unless the options forbid connection reuse.
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
	if state.Dialer != nil {
		transport.DialContext = state.Dialer.DialContext
	}
	return transport
}
