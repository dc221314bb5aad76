package kernelstamp

import (
	"io"
	"net"
	"os"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// timespecSize is the size of the platform's struct timespec, the payload of SCM_TIMESTAMPNS.
const timespecSize = int(unsafe.Sizeof(unix.Timespec{}))

// enable turns on nanosecond software receive stamps (SO_TIMESTAMPNS). Linux stamps a packet when it
// enters the receive path (netif_rx on loopback, the driver's NAPI poll otherwise), before any
// process is scheduled to read it.
func enable(conn net.Conn, raw syscall.RawConn) (*Conn, error) {
	var optionErr error
	if err := raw.Control(func(fd uintptr) {
		optionErr = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_TIMESTAMPNS, 1)
	}); err != nil {
		return nil, err
	}
	if optionErr != nil {
		return nil, os.NewSyscallError("setsockopt SO_TIMESTAMPNS", optionErr)
	}
	return &Conn{Conn: conn, raw: raw, control: make([]byte, unix.CmsgSpace(timespecSize))}, nil
}

// Read reads like net.Conn.Read, through recvmsg, and records the receive stamp the kernel attached.
// It waits in Go's poller (deadlines and Close work as for any net.Conn), so a blocked read costs a
// goroutine, not a thread.
func (conn *Conn) Read(buffer []byte) (int, error) {
	if len(buffer) == 0 {
		return 0, nil
	}
	var count, controlCount, flags int
	var recvErr error
	err := conn.raw.Read(func(fd uintptr) bool {
		for {
			count, controlCount, flags, _, recvErr = unix.Recvmsg(int(fd), buffer, conn.control, 0)
			if recvErr != unix.EINTR {
				break
			}
		}
		return recvErr != unix.EAGAIN
	})
	if err == nil && recvErr != nil {
		err = os.NewSyscallError("recvmsg", recvErr)
	}
	if err != nil {
		conn.latestNs.Store(0)
		return 0, &net.OpError{Op: "read", Net: "tcp", Source: conn.LocalAddr(), Addr: conn.RemoteAddr(), Err: err}
	}
	stamp := int64(0)
	if count > 0 && flags&unix.MSG_CTRUNC == 0 {
		stamp = receiveStamp(conn.control[:controlCount])
	}
	// A read without a stamp clears the last one: keeping it would date these bytes too early.
	conn.latestNs.Store(stamp)
	if count == 0 {
		return 0, io.EOF
	}
	return count, nil
}

// receiveStamp returns the SCM_TIMESTAMPNS stamp among the control messages in Unix ns, or 0.
func receiveStamp(control []byte) int64 {
	messages, err := unix.ParseSocketControlMessage(control)
	if err != nil {
		return 0
	}
	for _, message := range messages {
		if message.Header.Level != unix.SOL_SOCKET || message.Header.Type != unix.SCM_TIMESTAMPNS || len(message.Data) < timespecSize {
			continue
		}
		// Copied byte-wise: the control buffer promises no alignment for the platform's timespec.
		var stamp unix.Timespec
		copy(unsafe.Slice((*byte)(unsafe.Pointer(&stamp)), timespecSize), message.Data)
		return stamp.Nano()
	}
	return 0
}
