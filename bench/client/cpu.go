package main

import (
	"syscall"
	"time"
)

// cpuUsage is this process's CPU time over a run, so a reader can tell whether the client itself was
// saturated (then the numbers measure the client, not the emulator).
type cpuUsage struct {
	UserMs   float64 `json:"userMs"`
	SystemMs float64 `json:"systemMs"`
	// Cores is CPU time divided by wall time: 1.0 means one core fully busy.
	Cores float64 `json:"cores"`
}

type cpuMeter struct {
	startedAt time.Time
	start     syscall.Rusage
}

func startCPUMeter() cpuMeter {
	meter := cpuMeter{startedAt: time.Now()}
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &meter.start)
	return meter
}

func (meter cpuMeter) stop() cpuUsage {
	var end syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &end)
	user := time.Duration(end.Utime.Nano() - meter.start.Utime.Nano())
	system := time.Duration(end.Stime.Nano() - meter.start.Stime.Nano())
	wall := time.Since(meter.startedAt)
	return cpuUsage{
		UserMs:   milliseconds(user),
		SystemMs: milliseconds(system),
		Cores:    float64(user+system) / float64(wall),
	}
}
