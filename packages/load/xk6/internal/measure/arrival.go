package measure

import "time"

// Clock names which clock stamped the arrivals of a request: its headers, every body read and its end.
const (
	// ClockKernel: every arrival is the kernel's receive time of the bytes.
	ClockKernel = "kernel"
	// ClockRead: every arrival is the moment a read returned in the VU goroutine (no kernel stamps:
	// not Linux, HTTP/2, a connection the extension did not dial, or setsockopt failed).
	ClockRead = "read"
	// ClockMixed: some arrivals fell back to the read's return (see arrivalClock.at).
	ClockMixed = "mixed"
)

// maxWallStep is how far the wall clock may move against the monotonic one during a request before
// kernel stamps are refused. Go reads the two clocks one after the other, so they disagree by the
// time between the reads (well under a microsecond unless the thread is preempted there); a step of
// the wall clock (settimeofday, an NTP or chrony step) moves them apart by the step. Slewing moves
// both together. 0.5 ms is the precision the harness is held to, so a step that goes unnoticed
// shifts a stamp by less than that.
const maxWallStep = 500 * time.Microsecond

// receiveStamps is a connection that knows when the bytes of its last read arrived (kernelstamp.Conn).
type receiveStamps interface {
	Latest() (time.Time, bool)
}

// arrivalClock dates the bytes each read returns. Kernel stamps are CLOCK_REALTIME and the
// request's start is Go's monotonic clock, so a stamp is never compared with the start directly:
// the wall clock only measures how long the bytes waited before the read returned (the lag, a short
// interval), and the arrival is the read's monotonic time minus that lag.
type arrivalClock struct {
	source              receiveStamps
	start               time.Time
	kernelCount, fallen int
}

func newArrivalClock(source receiveStamps, start time.Time) *arrivalClock {
	return &arrivalClock{source: source, start: start}
}

// at returns when the bytes a read returned at `returned` (a time.Now() reading) arrived.
//
// Why the connection's latest stamp is right for a body read: net/http reads the body in the
// caller's goroutine (body → chunked decoder → bufio.Reader → connection), and a read either pulls
// new bytes through recvmsg, whose stamp is that of the newest segment it consumed, or is served from
// bytes bufio, TLS or the chunked decoder already hold, which arrived with an earlier recvmsg and so
// no later than the latest stamp. Every event a read completes ends in the bytes it returned, so the
// stamp is an upper bound on each event's arrival and exact for the last one, as time.Now() is,
// without the scheduling delay. Between response headers and the end of the body nothing else reads
// the connection (the transport's read loop waits for the body), so no other reader moves the stamp.
func (clock *arrivalClock) at(returned time.Time) time.Time {
	if clock.source != nil {
		if stamp, ok := clock.source.Latest(); ok {
			elapsed := returned.Sub(clock.start)
			if lag, ok := kernelLag(stamp, returned.Round(0), elapsed, returned.Round(0).Sub(clock.start.Round(0))); ok {
				clock.kernelCount++
				return returned.Add(-lag)
			}
		}
	}
	clock.fallen++
	return returned
}

// kernelLag is how long before the read returned its bytes arrived: the read's wall time minus the
// kernel stamp. It refuses (false) a stamp the clocks cannot vouch for: one after the read returned
// or before the request started (impossible unless the wall clock stepped, or a stale stamp), or any
// stamp once the wall clock has moved more than maxWallStep against the monotonic one since the
// start (a step during the request, which would shift the lag by the step).
func kernelLag(stamp, returnedWall time.Time, elapsedMonotonic, elapsedWall time.Duration) (time.Duration, bool) {
	if (elapsedWall - elapsedMonotonic).Abs() > maxWallStep {
		return 0, false
	}
	lag := returnedWall.Sub(stamp)
	if lag < 0 || lag > elapsedMonotonic {
		return 0, false
	}
	return lag, true
}

// name reports which clock stamped the request's arrivals.
func (clock *arrivalClock) name() string {
	switch {
	case clock.kernelCount == 0:
		return ClockRead
	case clock.fallen == 0:
		return ClockKernel
	default:
		return ClockMixed
	}
}
