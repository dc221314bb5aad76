// Package kernelstamp reads TCP connections together with the kernel's receive timestamps, so a
// reader can tell when the bytes it got arrived, however late its goroutine ran after they did.
//
// On Linux, Wrap enables SO_TIMESTAMPNS on the socket and reads with recvmsg. For TCP the kernel
// reports one control message per recvmsg: the receive time of the newest segment the call consumed
// (tcp_recvmsg → tcp_recv_timestamp; segments merged in the receive queue carry the newest one's
// time). Latest returns that stamp for the last read, so it is never earlier than the arrival of any
// byte the connection has returned. Other platforms have no such stamp: Wrap reports that, and
// callers keep their own clock.
package kernelstamp

import (
	"crypto/tls"
	"errors"
	"net"
	"sync/atomic"
	"syscall"
	"time"
)

// ErrUnsupported is returned by Wrap on platforms without TCP receive stamps.
var ErrUnsupported = errors.New("kernel receive timestamps are not available on this platform")

// errNotTCP is returned by Wrap for connections it cannot reach the socket of.
var errNotTCP = errors.New("kernel receive timestamps need a *net.TCPConn")

// Conn is a TCP connection whose reads record the kernel's receive time of the data they return.
// It embeds net.Conn, not *net.TCPConn, so that io.Copy and friends cannot bypass Read through
// TCPConn's WriteTo or splice and leave a stale stamp behind.
type Conn struct {
	net.Conn
	raw     syscall.RawConn
	control []byte
	// latestNs is the newest receive stamp (Unix ns, CLOCK_REALTIME) of the last read, 0 when that
	// read brought no stamp (end of stream, an error, or a segment the kernel did not stamp).
	latestNs atomic.Int64
}

// Latest returns the receive time of the newest segment the last read consumed, as wall time (no
// monotonic reading), and false when the last read brought no stamp.
func (conn *Conn) Latest() (time.Time, bool) {
	nanoseconds := conn.latestNs.Load()
	if nanoseconds == 0 {
		return time.Time{}, false
	}
	return time.Unix(0, nanoseconds), true
}

// Carrier is a connection wrapper (such as k6's byte-counting Conn) around a stamping Conn.
type Carrier interface {
	KernelStamps() *Conn
}

// Of finds the stamping connection under conn, through TLS and carriers, or returns nil.
func Of(conn net.Conn) *Conn {
	for conn != nil {
		switch typed := conn.(type) {
		case *Conn:
			return typed
		case Carrier:
			return typed.KernelStamps()
		case *tls.Conn:
			// TLS records are decrypted from bytes this connection read: the stamp still bounds them.
			conn = typed.NetConn()
		default:
			return nil
		}
	}
	return nil
}

// Wrap enables receive stamps on a TCP connection. On error the connection is unchanged and still
// usable: the caller falls back to its own clock.
func Wrap(conn net.Conn) (*Conn, error) {
	tcp, ok := conn.(*net.TCPConn)
	if !ok {
		return nil, errNotTCP
	}
	raw, err := tcp.SyscallConn()
	if err != nil {
		return nil, err
	}
	return enable(tcp, raw)
}
