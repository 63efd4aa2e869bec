package sqlite

import (
	"bytes"
	"encoding/binary"
	"os"
)

// walIndex reads the header of the database's WAL index (the "-shm"
// file), which every commit to the database changes, whichever process
// makes it: its frame count, checksums and salts are those of the last
// commit (SQLite's wal.c, WalIndexHdr). Two headers equal mean that
// nothing was committed between the two reads — what PRAGMA data_version
// tells, read from the file without a statement.
type walIndex struct {
	f *os.File
}

// walIndexHeader is the header of a WAL index: 48 bytes.
type walIndexHeader [48]byte

// openWALIndex opens the WAL index of the database at path, which a
// connection in WAL mode holds open (Open's do, until Close).
func openWALIndex(path string) (*walIndex, error) {
	f, err := os.Open(path + "-shm")
	if err != nil {
		return nil, err
	}
	return &walIndex{f: f}, nil
}

// header returns the index's header, and false when it cannot tell one
// (the file is short, not initialised, or a commit is writing it: SQLite
// writes the second of its two copies first, and a reader takes the
// header only when both agree, as SQLite's own readers do).
func (w *walIndex) header() (walIndexHeader, bool) {
	var both [2 * len(walIndexHeader{})]byte
	if n, err := w.f.ReadAt(both[:], 0); n < len(both) || err != nil {
		return walIndexHeader{}, false
	}
	first, second := both[:len(walIndexHeader{})], both[len(walIndexHeader{}):]
	const isInit = 12 // WalIndexHdr.isInit
	if !bytes.Equal(first, second) || first[isInit] == 0 {
		return walIndexHeader{}, false
	}
	return walIndexHeader(first), true
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

func (w *walIndex) close() error { return w.f.Close() }
