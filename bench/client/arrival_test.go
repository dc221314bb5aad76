package main

import (
	"net"
	"testing"
	"time"

	"github.com/tokenpace/tokenpace/packages/load/xk6/kernelstamp/stamptest"
)

// A read that returns well after its bytes arrived is dated by their arrival, not by its return.
func TestArrivalIsTheKernelsReceiveTimeOfALateRead(t *testing.T) {
	for _, test := range []struct {
		name      string
		withStamp bool
	}{{"kernel stamps", true}, {"read clock", false}} {
		t.Run(test.name, func(t *testing.T) {
			if test.withStamp {
				stamptest.Require(t)
			}
			listener, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer listener.Close()
			accepted := make(chan net.Conn, 1)
			go func() {
				server, _ := listener.Accept()
				accepted <- server
			}()
			connection, err := dial(listener.Addr().String(), 4096, time.Second)
			if err != nil {
				t.Fatal(err)
			}
			defer connection.close()
			if !test.withStamp {
				connection.stamps = nil
			}
			server := <-accepted
			defer server.Close()

			sentAt := time.Now()
			if _, err := server.Write([]byte("token")); err != nil {
				t.Fatal(err)
			}
			writtenAt := time.Now()
			const lateness = 30 * time.Millisecond
			time.Sleep(lateness)
			if count, err := connection.net.Read(connection.buffer); err != nil || count != 5 {
				t.Fatalf("read %d bytes: %v", count, err)
			}
			readAt := time.Now()
			arrived := connection.arrival(readAt, sentAt)
			if test.withStamp {
				// Generous bound: the stamp falls between the write's start and its return.
				if arrived.Before(sentAt) || arrived.After(writtenAt.Add(5*time.Millisecond)) || connection.kernelReads != 1 {
					t.Fatalf("arrival %v after the send, write returned at %v, read at %v; kernel reads %d",
						arrived.Sub(sentAt), writtenAt.Sub(sentAt), readAt.Sub(sentAt), connection.kernelReads)
				}
				return
			}
			if !arrived.Equal(readAt) || connection.clockReads != 1 || readAt.Sub(sentAt) < lateness {
				t.Fatalf("without stamps the arrival %v must be the read's return %v; clock reads %d",
					arrived.Sub(sentAt), readAt.Sub(sentAt), connection.clockReads)
			}
		})
	}
}
