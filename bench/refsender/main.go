// Command refsender is the benchmarks' physical-limit anchor: a streaming sender written with Go's standard
// library only, one goroutine per stream and absolute deadlines, writing the emulator's chat-chunk bytes and
// headers and honouring X-TTFT-MS, X-ITL-MS and X-OUTPUT-LENGTH. Benchmarks run it beside the emulator with the
// same client on the same pinned core and quote the emulator's errors as ratios to its errors.
//
//	go run . -addr 127.0.0.1:8099
package main

import (
	"flag"
	"log"
	"net/http"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8099", "address to listen on")
	flag.Parse()
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", handle)
	log.Fatal(http.ListenAndServe(*addr, mux))
}
