// Package stamptest helps tests that need the kernel to stamp received packets.
package stamptest

import (
	"net"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/tokenpace/tokenpace/packages/load/xk6/kernelstamp"
)

var (
	once  sync.Once
	probe *kernelstamp.Conn
)

// Require skips the test where the platform has no TCP receive stamps. On Linux it keeps one
// stamping loopback connection open for the rest of the test binary and waits until the kernel
// stamps its packets. Linux turns receive stamping on system-wide through deferred work when the
// first socket asks for it (net_enable_timestamp), so a response that raced that work would fall
// back to the read clock, correctly but not what a test of the kernel clock wants.
func Require(t testing.TB) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("kernel receive stamps are read on Linux only")
	}
	once.Do(func() { probe = stampedLoopback() })
	if probe == nil {
		t.Fatal("the kernel did not stamp a loopback TCP connection")
	}
}

func stampedLoopback() *kernelstamp.Conn {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil
	}
	defer listener.Close()
	go func() {
		conn, err := listener.Accept()
		if err != nil {
			return
		}
		echo := make([]byte, 1)
		for {
			if _, err := conn.Read(echo); err != nil {
				return
			}
			if _, err := conn.Write(echo); err != nil {
				return
			}
		}
	}()
	conn, err := net.Dial("tcp", listener.Addr().String())
	if err != nil {
		return nil
	}
	stamps, err := kernelstamp.Wrap(conn)
	if err != nil {
		conn.Close()
		return nil
	}
	echo := make([]byte, 1)
	for range 100 {
		if _, err := stamps.Write(echo); err != nil {
			break
		}
		if _, err := stamps.Read(echo); err != nil {
			break
		}
		if _, ok := stamps.Latest(); ok {
			return stamps
		}
		time.Sleep(time.Millisecond)
	}
	stamps.Close()
	return nil
}
