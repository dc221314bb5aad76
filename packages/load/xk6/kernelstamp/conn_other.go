//go:build !linux

package kernelstamp

import (
	"net"
	"syscall"
)

func enable(net.Conn, syscall.RawConn) (*Conn, error) {
	return nil, ErrUnsupported
}
