package sqlite

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"runtime/debug"
	"sync/atomic"
	"unsafe"
)

// walIndex reads the header of the database's WAL index (the "-shm"
// file), which every commit to the database changes, whichever process
// makes it: its frame count, checksums and salts are those of the last
// commit (SQLite's wal.c, WalIndexHdr). Two headers equal mean that
// nothing was committed between the two reads — what PRAGMA data_version
// tells, read from the file without a statement.
//
// A lookup reads the header three times (its caller's check, and around
// its read). Each was a pread, a tenth of the lookup's system calls, so
// the header's page is mapped into memory instead, shared with SQLite's
// own mapping of the file: a read of it is a read of memory. Where it
// cannot be mapped (or on a system without mmap) the header is read with
// pread, as before.
type walIndex struct {
	f *os.File
	// mapped is the file's first page, mapped shared and read only; nil
	// where it could not be.
	mapped []byte
}

// walIndexHeader is the header of a WAL index: 48 bytes.
type walIndexHeader [48]byte

// walIndexMapped is how much of the WAL index is mapped: a page, which
// holds both copies of the header. SQLite never makes the file shorter
// than its first region (32 KiB) while any connection has it open, and
// the connections of this process keep it open for as long as the
// walIndex is open (Store.Close closes it last).
const walIndexMapped = 4096

// openWALIndex opens the WAL index of the database at path, which a
// connection in WAL mode holds open (Open's do, until Close).
func openWALIndex(path string) (*walIndex, error) {
	f, err := os.Open(path + "-shm")
	if err != nil {
		return nil, err
	}
	w := &walIndex{f: f}
	if info, err := f.Stat(); err == nil && info.Size() >= walIndexMapped {
		w.mapped = mapShared(f, walIndexMapped)
	}
	return w, nil
}

// header returns the index's header, and false when it cannot tell one
// (the file is short, not initialised, or a commit is writing it: SQLite
// writes the second of its two copies first, and a reader takes the
// header only when both agree, as SQLite's own readers do).
func (w *walIndex) header() (walIndexHeader, bool) {
	var both [2 * len(walIndexHeader{})]byte
	if w.mapped != nil {
		if !w.readMapped(&both) {
			return walIndexHeader{}, false
		}
	} else if n, err := w.f.ReadAt(both[:], 0); n < len(both) || err != nil {
		return walIndexHeader{}, false
	}
	first, second := both[:len(walIndexHeader{})], both[len(walIndexHeader{}):]
	const isInit = 12 // WalIndexHdr.isInit
	if !bytes.Equal(first, second) || first[isInit] == 0 {
		return walIndexHeader{}, false
	}
	return walIndexHeader(first), true
}

// readMapped copies both copies of the header from the mapped page into
// both, the first copy's words before the second's, as SQLite's readers
// read them (walIndexTryHdr): a commit writes the second copy first, so
// a first copy read as new comes with a second as new. Each word is read
// atomically, which orders the reads on any processor. It returns false
// if the page could not be read: had another process cut the file short
// (possible only once this process's connections are closed), the read
// faults, and the fault is a panic here, recovered, instead of the end
// of the process.
func (w *walIndex) readMapped(both *[2 * len(walIndexHeader{})]byte) (ok bool) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	const words = len(both) / 8
	from := (*[words]uint64)(unsafe.Pointer(unsafe.SliceData(w.mapped)))
	for i := range words {
		binary.NativeEndian.PutUint64(both[8*i:], atomic.LoadUint64(&from[i]))
	}
	return true
}

// commits is the header's count of commits (WalIndexHdr.iChange, which
// each commit moves by one), in the machine's byte order as SQLite
// writes the index.
func (h walIndexHeader) commits() uint32 {
	const iChange = 8
	return binary.NativeEndian.Uint32(h[iChange:])
}

// frames is the number of pages in the WAL as of the header's commit
// (WalIndexHdr.mxFrame, in the machine's byte order as SQLite writes the
// index).
func (h walIndexHeader) frames() uint32 {
	const mxFrame = 16
	return binary.NativeEndian.Uint32(h[mxFrame:])
}

// close unmaps the page and closes the file. Closing it releases every
// lock this process holds on the file (POSIX locks are the process's,
// not the descriptor's), SQLite's connections' too: it comes after they
// are closed.
func (w *walIndex) close() error {
	var err error
	if w.mapped != nil {
		err = unmap(w.mapped)
	}
	return errors.Join(err, w.f.Close())
}
