//go:build unix

package sqlite

import (
	"os"
	"testing"
)

// The header read from the mapped page is the header pread reads, after
// each commit, and it moves with every commit.
func TestWALIndexMappedHeaderIsTheFilesHeader(t *testing.T) {
	path := t.TempDir() + "/roster.db"
	s := openAt(t, path, Options{})
	if s.walIndex.mapped == nil {
		t.Fatal("the WAL index's page was not mapped")
	}
	read := &walIndex{f: s.walIndex.f} // the same file, read with pread
	c := newCompany(t, s)
	var last walIndexHeader
	for i := range 20 {
		createOne(t, s, c.ID, i)
		mapped, ok := s.walIndex.header()
		if !ok {
			t.Fatalf("create %d: no header from the mapped page", i)
		}
		if want, ok := read.header(); !ok || mapped != want {
			t.Fatalf("create %d: mapped header %x, the file's %x (%v)", i, mapped, want, ok)
		}
		if mapped == last {
			t.Fatalf("create %d: the header did not move", i)
		}
		last = mapped
	}
}

// A WAL index cut short under the mapping — which only another process
// can do, once this one's connections are closed — makes header say it
// cannot tell, instead of ending the process with SIGBUS.
func TestWALIndexCutShortUnderTheMapping(t *testing.T) {
	path := t.TempDir() + "/fake.db"
	shm := make([]byte, 2*walIndexMapped)
	shm[12], shm[48+12] = 1, 1 // both copies initialised and alike
	if err := os.WriteFile(path+"-shm", shm, 0o600); err != nil {
		t.Fatal(err)
	}
	w, err := openWALIndex(path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	if w.mapped == nil {
		t.Fatal("not mapped")
	}
	if _, ok := w.header(); !ok {
		t.Fatal("no header before the file was cut")
	}
	if err := os.Truncate(path+"-shm", 0); err != nil {
		t.Fatal(err)
	}
	if h, ok := w.header(); ok {
		t.Fatalf("header %x from a file cut short", h)
	}
}

// BenchmarkWALIndexHeader reads the header from the mapped page, and
// with pread as before the page was mapped.
func BenchmarkWALIndexHeader(b *testing.B) {
	s := openAt(b, b.TempDir()+"/roster.db", Options{})
	for _, bc := range []struct {
		name string
		w    *walIndex
	}{{"mapped", s.walIndex}, {"pread", &walIndex{f: s.walIndex.f}}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, ok := bc.w.header(); !ok {
					b.Fatal("no header")
				}
			}
		})
	}
}
