package kernelstamp

import (
	"errors"
	"io"
	"net"
	"testing"
	"time"
)

// wrapped returns a stamping client end and the server end of a loopback connection, once the
// kernel stamps packets. Linux turns receive stamping on for the whole system when the first socket
// asks for it (net_enable_timestamp), through a deferred work item: a packet that arrives just
// before that runs is not stamped, and its read reports no stamp (the extension then falls back to
// its own clock). The probe exchange waits that out, and fails if stamps never come.
func wrapped(t *testing.T) (*Conn, *net.TCPConn) {
	t.Helper()
	client, server := tcpPair(t)
	stamps, err := Wrap(client)
	if err != nil {
		t.Fatalf("Wrap: %v", err)
	}
	probe := make([]byte, 1)
	for attempt := 0; ; attempt++ {
		if _, err := server.Write(probe); err != nil {
			t.Fatal(err)
		}
		if _, err := stamps.Read(probe); err != nil {
			t.Fatal(err)
		}
		if _, ok := stamps.Latest(); ok {
			return stamps, server
		}
		if attempt == 100 {
			t.Fatal("the kernel stamped none of 100 probes")
		}
		time.Sleep(time.Millisecond)
	}
}

func TestReadsCarryTheKernelReceiveTime(t *testing.T) {
	stamps, server := wrapped(t)
	beforeWrite := time.Now()
	if _, err := server.Write([]byte("data: one\n\n")); err != nil {
		t.Fatal(err)
	}
	buffer := make([]byte, 64)
	count, err := stamps.Read(buffer)
	returned := time.Now()
	if err != nil || string(buffer[:count]) != "data: one\n\n" {
		t.Fatalf("read %q, %v", buffer[:count], err)
	}
	stamp, ok := stamps.Latest()
	if !ok {
		t.Fatal("no kernel stamp")
	}
	// Both bounds are hard: the bytes cannot arrive before they are written or after the read returns.
	if stamp.Before(beforeWrite.Round(0)) || stamp.After(returned.Round(0)) {
		t.Fatalf("stamp %v outside [write %v, read return %v]", stamp, beforeWrite.Round(0), returned.Round(0))
	}
}

// The reader is held back after each message has been written (as a VU goroutine waits for the
// scheduler) by alternately 0 and 25 ms; the server writes every 40 ms and waits for the reader, so
// every read consumes one message. Kernel stamps keep the write gaps; read-return times carry the delays.
func TestStampsKeepArrivalWhenTheReaderIsLate(t *testing.T) {
	const messages, spacing = 8, 40 * time.Millisecond
	delays := []time.Duration{0, 25 * time.Millisecond}
	stamps, server := wrapped(t)
	message := []byte("data: {\"choices\":[]}\n\n")
	written := make(chan [2]time.Time)
	consumed := make(chan struct{})
	go func() {
		begin := time.Now()
		for index := range messages {
			time.Sleep(time.Until(begin.Add(time.Duration(index) * spacing)))
			before := time.Now()
			if _, err := server.Write(message); err != nil {
				close(written)
				return
			}
			written <- [2]time.Time{before, time.Now()}
			<-consumed
		}
	}()
	var writes [][2]time.Time
	var arrivals, returns []time.Time
	buffer := make([]byte, len(message))
	for index := range messages {
		write, ok := <-written
		if !ok {
			t.Fatal("the server's write failed")
		}
		time.Sleep(delays[index%len(delays)])
		if _, err := io.ReadFull(stamps, buffer); err != nil {
			t.Fatal(err)
		}
		returned := time.Now()
		consumed <- struct{}{}
		stamp, ok := stamps.Latest()
		if !ok {
			t.Fatalf("message %d: no kernel stamp", index)
		}
		if stamp.Before(write[0].Round(0)) || stamp.After(returned.Round(0)) {
			t.Fatalf("message %d: stamp %v outside [write %v, read return %v]", index, stamp, write[0].Round(0), returned.Round(0))
		}
		writes, arrivals, returns = append(writes, write), append(arrivals, stamp), append(returns, returned.Round(0))
	}
	for index := 1; index < messages; index++ {
		writeGap := writes[index][1].Sub(writes[index-1][1])
		// Generous: the stamp is taken inside the write on loopback, microseconds from its return.
		if kernelGap := arrivals[index].Sub(arrivals[index-1]); (kernelGap - writeGap).Abs() > 2*time.Millisecond {
			t.Errorf("gap %d: kernel %v, written %v", index, kernelGap, writeGap)
		}
		if delay := delays[index%len(delays)]; delay > 0 {
			if late := returns[index].Sub(arrivals[index]); late < delay-2*time.Millisecond {
				t.Errorf("message %d: the read returned %v after arrival, held back %v", index, late, delay)
			}
		}
	}
}

func TestEndOfStreamClearsTheStamp(t *testing.T) {
	stamps, server := wrapped(t)
	if _, err := server.Write([]byte("data: [DONE]\n\n")); err != nil {
		t.Fatal(err)
	}
	server.Close()
	buffer := make([]byte, 64)
	if _, err := io.ReadFull(stamps, buffer[:14]); err != nil {
		t.Fatal(err)
	}
	if _, ok := stamps.Latest(); !ok {
		t.Fatal("no stamp for the data")
	}
	if count, err := stamps.Read(buffer); count != 0 || !errors.Is(err, io.EOF) {
		t.Fatalf("read at the end = %d, %v", count, err)
	}
	if stamp, ok := stamps.Latest(); ok {
		t.Fatalf("the end of the stream kept the data's stamp %v: it arrived later", stamp)
	}
}

func TestReadErrorsAreNetErrors(t *testing.T) {
	stamps, _ := wrapped(t)
	if err := stamps.SetReadDeadline(time.Now().Add(10 * time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	_, err := stamps.Read(make([]byte, 8))
	var timeout interface{ Timeout() bool }
	if !errors.As(err, &timeout) || !timeout.Timeout() {
		t.Fatalf("read past the deadline = %v, want a timeout", err)
	}
	stamps.Close()
	if _, err := stamps.Read(make([]byte, 8)); err == nil {
		t.Fatal("read on a closed connection succeeded")
	}
}

func TestNoStampBeforeTheFirstRead(t *testing.T) {
	client, _ := tcpPair(t)
	stamps, err := Wrap(client)
	if err != nil {
		t.Fatal(err)
	}
	if stamp, ok := stamps.Latest(); ok {
		t.Fatalf("stamp %v before any read", stamp)
	}
}
