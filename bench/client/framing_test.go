package main

import (
	"bytes"
	"testing"
)

// decodeInPieces feeds raw to a decoder in pieces of the given size and returns the payload, whether
// the body completed, and the error.
func decodeInPieces(decoder bodyDecoder, raw []byte, size int) ([]byte, bool, error) {
	var payload []byte
	emit := func(data []byte) { payload = append(payload, data...) }
	for start := 0; start < len(raw); start += size {
		done, err := decoder.feed(raw[start:min(len(raw), start+size)], emit)
		if err != nil || done {
			return payload, done, err
		}
	}
	return payload, false, nil
}

func TestChunkedDecoderGivesThePayloadInEverySplit(t *testing.T) {
	raw := []byte("7\r\ndata: a\r\n1C;ext=1\r\n\ndata: {\"x\":1}\n\ndata: [DONE]\r\n0\r\nTrailer: yes\r\n\r\n")
	want := []byte("data: a\ndata: {\"x\":1}\n\ndata: [DONE]")
	for size := 1; size <= len(raw); size++ {
		payload, done, err := decodeInPieces(&chunkedDecoder{}, raw, size)
		if err != nil || !done || !bytes.Equal(payload, want) {
			t.Fatalf("pieces of %d: payload %q, done %v, err %v", size, payload, done, err)
		}
	}
}

func TestChunkedDecoderRejectsBadFraming(t *testing.T) {
	cases := map[string]string{
		"size not hex":        "zz\r\n",
		"bytes after a chunk": "1\r\nab\r\n",
	}
	for name, raw := range cases {
		if _, _, err := decodeInPieces(&chunkedDecoder{}, []byte(raw), len(raw)); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}

func TestChunkedDecoderWaitsForTheTerminator(t *testing.T) {
	payload, done, err := decodeInPieces(&chunkedDecoder{}, []byte("3\r\nabc\r\n"), 2)
	if err != nil || done || string(payload) != "abc" {
		t.Fatalf("payload %q, done %v, err %v", payload, done, err)
	}
}

func TestLengthDecoderStopsAtContentLength(t *testing.T) {
	payload, done, err := decodeInPieces(&lengthDecoder{remaining: 5}, []byte("hello, and more"), 3)
	if err != nil || !done || string(payload) != "hello" {
		t.Fatalf("payload %q, done %v, err %v", payload, done, err)
	}
}

func TestParseHead(t *testing.T) {
	head, err := parseHead([]byte("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n" +
		"transfer-encoding: chunked\r\nConnection: keep-alive"))
	if err != nil || head.status != 200 || !head.chunked || head.close || head.contentLength != -1 {
		t.Fatalf("got %+v, %v", head, err)
	}
	head, err = parseHead([]byte("HTTP/1.1 400 Bad Request\r\ncontent-length: 12\r\nconnection: close"))
	if err != nil || head.status != 400 || head.chunked || !head.close || head.contentLength != 12 {
		t.Fatalf("got %+v, %v", head, err)
	}
	if _, err := parseHead([]byte("SSH-2.0-OpenSSH")); err == nil {
		t.Fatal("want an error for a non-HTTP status line")
	}
}
