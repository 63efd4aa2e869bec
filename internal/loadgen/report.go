package loadgen

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// Measurement is one target's results: a server, or the ceiling.
type Measurement struct {
	Target  string
	Results []Result
}

// CeilingTarget names the storage-free handler's measurement; the other
// targets' rates are also given as fractions of it.
const CeilingTarget = "ceiling"

// InMemoryTarget names the in-memory server's measurement (inmemory).
const InMemoryTarget = "in-memory (elimity-com/scim)"

// ceilingRates are the ceiling's rates by phase, when it was measured.
func ceilingRates(ms []Measurement) map[string]float64 {
	rates := map[string]float64{}
	for _, m := range ms {
		if m.Target == CeilingTarget {
			for _, r := range m.Results {
				rates[r.Phase] = r.PerSecond()
			}
		}
	}
	return rates
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond)) }

// WriteTable writes the measurements as an aligned table.
func WriteTable(w io.Writer, measurements []Measurement) error {
	ceiling := ceilingRates(measurements)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "target\tphase\tops\tops/s\t× ceiling\tp50 ms\tp95 ms\tp99 ms\tserver CPU µs/op\tdatabase CPU µs/op\tserver RSS MiB\twhat")
	for _, m := range measurements {
		for _, r := range m.Results {
			frac, rss := "-", "-"
			if c := ceiling[r.Phase]; c > 0 && m.Target != CeilingTarget {
				frac = fmt.Sprintf("%.2f", r.PerSecond()/c)
			}
			if r.RSS > 0 {
				rss = fmt.Sprintf("%.0f", float64(r.RSS)/(1<<20))
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%.0f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", m.Target, r.Phase, r.Ops, r.PerSecond(), frac,
				ms(r.P50), ms(r.P95), ms(r.P99), microseconds(r.CPUPerOp()), microseconds(r.DatabaseCPUPerOp()), rss, r.Note)
		}
	}
	return tw.Flush()
}

// microseconds writes a CPU time per operation, "-" for unknown.
func microseconds(d time.Duration) string {
	if d <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f", float64(d)/float64(time.Microsecond))
}

// jsonResult is a Result as --json writes it.
type jsonResult struct {
	Target        string   `json:"target"`
	Phase         string   `json:"phase"`
	Ops           int      `json:"ops"`
	Seconds       float64  `json:"seconds"`
	PerSecond     float64  `json:"ops_per_second"`
	OfCeiling     *float64 `json:"fraction_of_ceiling,omitempty"`
	P50ms         float64  `json:"p50_ms"`
	P95ms         float64  `json:"p95_ms"`
	P99ms         float64  `json:"p99_ms"`
	ServerCPUus   float64  `json:"server_cpu_us_per_op,omitempty"`
	DatabaseCPUus float64  `json:"database_cpu_us_per_op,omitempty"`
	ServerRSSByte int64    `json:"server_rss_bytes,omitempty"`
	Note          string   `json:"note,omitempty"`
}

// WriteJSON writes the measurements as one JSON array of phase results.
func WriteJSON(w io.Writer, measurements []Measurement) error {
	ceiling := ceilingRates(measurements)
	out := []jsonResult{}
	for _, m := range measurements {
		for _, r := range m.Results {
			j := jsonResult{Target: m.Target, Phase: r.Phase, Ops: r.Ops, Seconds: r.Elapsed.Seconds(), PerSecond: r.PerSecond(),
				P50ms: r.P50.Seconds() * 1000, P95ms: r.P95.Seconds() * 1000, P99ms: r.P99.Seconds() * 1000,
				ServerCPUus: float64(r.CPUPerOp()) / float64(time.Microsecond), DatabaseCPUus: float64(r.DatabaseCPUPerOp()) / float64(time.Microsecond),
				ServerRSSByte: r.RSS, Note: r.Note}
			if c := ceiling[r.Phase]; c > 0 && m.Target != CeilingTarget {
				f := r.PerSecond() / c
				j.OfCeiling = &f
			}
			out = append(out, j)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
