package kernelstamp

import (
	"crypto/tls"
	"errors"
	"net"
	"runtime"
	"testing"
)

// carrier stands for a wrapper such as k6's byte-counting connection.
type carrier struct {
	net.Conn
	stamps *Conn
}

func (wrapper carrier) KernelStamps() *Conn { return wrapper.stamps }

func TestOfFindsTheStampsThroughTLSAndCarriers(t *testing.T) {
	client, server := net.Pipe()
	t.Cleanup(func() { client.Close(); server.Close() })
	stamps := &Conn{Conn: client}
	cases := map[string]struct {
		conn net.Conn
		want *Conn
	}{
		"itself":             {stamps, stamps},
		"TLS over it":        {tls.Client(stamps, &tls.Config{}), stamps},
		"a carrier":          {carrier{Conn: client, stamps: stamps}, stamps},
		"TLS over a carrier": {tls.Client(carrier{Conn: client, stamps: stamps}, &tls.Config{}), stamps},
		"a plain connection": {client, nil},
		"TLS over a plain":   {tls.Client(client, &tls.Config{}), nil},
		"nothing":            {nil, nil},
	}
	for name, testCase := range cases {
		if got := Of(testCase.conn); got != testCase.want {
			t.Errorf("%s: Of = %p, want %p", name, got, testCase.want)
		}
	}
}

func TestWrapNeedsATCPConnection(t *testing.T) {
	client, server := net.Pipe()
	t.Cleanup(func() { client.Close(); server.Close() })
	if stamps, err := Wrap(client); stamps != nil || !errors.Is(err, errNotTCP) {
		t.Fatalf("Wrap(pipe) = %v, %v", stamps, err)
	}
}

func TestWrapReportsAPlatformWithoutStamps(t *testing.T) {
	if runtime.GOOS == "linux" {
		t.Skip("Linux has TCP receive stamps")
	}
	client, _ := tcpPair(t)
	if stamps, err := Wrap(client); stamps != nil || !errors.Is(err, ErrUnsupported) {
		t.Fatalf("Wrap = %v, %v", stamps, err)
	}
}

// tcpPair returns both ends of a loopback TCP connection.
func tcpPair(t *testing.T) (client, server *net.TCPConn) {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		conn, _ := listener.Accept()
		accepted <- conn
	}()
	dialed, err := net.Dial("tcp", listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	other := <-accepted
	if other == nil {
		t.Fatal("accept failed")
	}
	t.Cleanup(func() { dialed.Close(); other.Close() })
	return dialed.(*net.TCPConn), other.(*net.TCPConn)
}
