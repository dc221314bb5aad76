module github.com/tokenpace/tokenpace/bench/client

go 1.25.0
