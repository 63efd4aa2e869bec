package loadgen

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// ProcessRSS returns a reader of process pid's resident memory (VmRSS in
// /proc, Linux).
func ProcessRSS(pid int) func() (int64, error) {
	return func() (int64, error) {
		f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
		if err != nil {
			return 0, err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
				kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
				return kb << 10, err
			}
		}
		return 0, fmt.Errorf("no VmRSS in /proc/%d/status", pid)
	}
}

// clockTicks is the unit of /proc/PID/stat's CPU times (USER_HZ, which
// Linux fixes at 100 for user space).
const clockTicks = 100

// ProcessCPU returns a reader of the CPU time process pid has used, user
// and system (/proc, Linux). A phase's difference of two readings, per
// operation, is the server's cost of an operation: unlike a rate, it
// hardly moves with what else the machine runs (the load generator
// shares it), so two builds compare in it run to run. The database's own
// processes (PostgreSQL's) are not in it: ProcessesCPU reads those.
func ProcessCPU(pid int) func() (time.Duration, error) {
	return func() (time.Duration, error) {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return 0, err
		}
		st, err := parseStat(string(b))
		return st.cpu, err
	}
}

// ProcessesCPU returns a reader of the CPU time that this machine's
// processes named name (their command, as /proc gives it: e.g. postgres)
// have used, with that of their children gone before them: a database
// server that forks a process for each connection (PostgreSQL) counts
// whole, a connection closed during a phase included (its time passes to
// the parent that reaps it). Every process of that name counts, another
// database's on the same server too.
func ProcessesCPU(name string) func() (time.Duration, error) {
	return func() (time.Duration, error) {
		entries, err := os.ReadDir("/proc")
		if err != nil {
			return 0, err
		}
		var total time.Duration
		for _, e := range entries {
			if _, err := strconv.Atoi(e.Name()); err != nil {
				continue
			}
			b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
			if err != nil {
				continue // gone since the listing
			}
			st, err := parseStat(string(b))
			if err != nil {
				return 0, err
			}
			if st.command == name {
				total += st.cpu + st.children
			}
		}
		return total, nil
	}
}

// procStat is what the bench reads of a /proc/PID/stat line.
type procStat struct {
	command string
	// cpu is the process's user and system time (utime, stime); children
	// its children's that it waited for (cutime, cstime).
	cpu, children time.Duration
}

// parseStat reads a /proc/PID/stat line: the command name (field 2) is in
// parentheses and may hold spaces and parentheses itself, so the fields
// after it count from the last ')'.
func parseStat(stat string) (procStat, error) {
	open, end := strings.IndexByte(stat, '('), strings.LastIndexByte(stat, ')')
	if open < 0 || end < open {
		return procStat{}, fmt.Errorf("unreadable /proc stat %q", stat)
	}
	fields := strings.Fields(stat[end+1:])
	// fields[0] is field 3 (state): utime is fields[11], stime, cutime
	// and cstime the three after it.
	if len(fields) < 15 {
		return procStat{}, fmt.Errorf("unreadable /proc stat %q", stat)
	}
	var ticks [4]int64
	for i, f := range fields[11:15] {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return procStat{}, fmt.Errorf("unreadable /proc stat %q: %w", stat, err)
		}
		ticks[i] = n
	}
	toTime := func(t int64) time.Duration { return time.Duration(t) * time.Second / clockTicks }
	return procStat{command: stat[open+1 : end], cpu: toTime(ticks[0] + ticks[1]), children: toTime(ticks[2] + ticks[3])}, nil
}
