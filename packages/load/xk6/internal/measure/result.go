package measure

import "github.com/tokenpace/tokenpace/packages/load/xk6/internal/wire"

// Unknown marks a configured or observed value that is not available.
const Unknown = -1.0

// Configured holds the timing a request was configured with; Unknown where it cannot be known.
type Configured struct {
	TTFTMs       float64 `js:"ttftMs"`
	ITLMs        float64 `js:"itlMs"`
	OutputLength float64 `js:"outputLength"`
}

// Result is what one measured request returns to the script; the js tags are the names of the
// k6/x/tokenpace `Result` interface. Times are milliseconds with microsecond resolution.
type Result struct {
	Status         int         `js:"status"`
	OK             bool        `js:"ok"`
	Error          string      `js:"error"`
	ErrorCode      string      `js:"errorCode"`
	Streamed       bool        `js:"streamed"`
	ConnectMs      float64     `js:"connectMs"`
	HeadersMs      float64     `js:"headersMs"`
	TTFTMs         float64     `js:"ttftMs"`
	E2EMs          float64     `js:"e2eMs"`
	ITLMs          []float64   `js:"itlMs"`
	TokensPerChunk []int       `js:"tokensPerChunk"`
	OutputTokens   int         `js:"outputTokens"`
	Usage          *wire.Usage `js:"usage"`
	FinishReasons  []string    `js:"finishReasons"`
	Content        string      `js:"content"`
	// ID is the response's own id (`chatcmpl-…`, `resp_…` for a Responses `previous_response_id`,
	// `msg_…`), or "".
	ID string `js:"id"`
	// ToolCalls are the tool calls of choice 0, in order, with their complete arguments.
	ToolCalls  []wire.ToolCall `js:"toolCalls"`
	Body       string          `js:"body"`
	Configured Configured      `js:"configured"`
	// Clock tells which clock stamped the arrivals: ClockKernel, ClockRead or ClockMixed. The samples
	// carry it as metadata too.
	Clock string `js:"clock"`

	// Checks derived for the k6 metrics; hidden from scripts, which have the inputs above.

	// ExpectedE2EMs is the end-to-end time the configured timing implies, or Unknown.
	ExpectedE2EMs float64 `js:"-"`
	// TokenCheck tells whether the token count could be checked and whether it matched.
	TokenCheck TokenCheck `js:"-"`
	// PerChoiceTokens counts the tokens of each choice index.
	PerChoiceTokens []int `js:"-"`
	// StructuredOutput is true when the answer holds JSON (a JSON answer or tool calls), whose length
	// the schema can force past the configured one.
	StructuredOutput bool `js:"-"`
	// CountedFromUsage is true when OutputTokens was taken from usage: JSON in a non-streamed body has
	// no events to count, and its tokens are not word starts.
	CountedFromUsage bool `js:"-"`
}

// TokenCheck is the outcome of comparing counted tokens with what the server reported or was told.
type TokenCheck int

const (
	// TokenCheckUnavailable: neither usage nor an exact configured length to compare with.
	TokenCheckUnavailable TokenCheck = iota
	TokenCheckMatch
	TokenCheckMismatch
)

func newResult(streamed bool) *Result {
	return &Result{
		Streamed:        streamed,
		ConnectMs:       Unknown,
		HeadersMs:       Unknown,
		TTFTMs:          Unknown,
		E2EMs:           Unknown,
		ITLMs:           []float64{},
		TokensPerChunk:  []int{},
		FinishReasons:   []string{},
		ToolCalls:       []wire.ToolCall{},
		PerChoiceTokens: []int{},
		Configured:      Configured{TTFTMs: Unknown, ITLMs: Unknown, OutputLength: Unknown},
		ExpectedE2EMs:   Unknown,
		Clock:           ClockRead,
	}
}

func (result *Result) fail(err *Error) {
	result.OK = false
	result.Error = err.Error()
	result.ErrorCode = string(err.Code)
}
