module github.com/tokenpace/tokenpace/bench/refsender

go 1.25.0
