package pgtest

import (
	"io"
	"net"
	"net/url"
	"sync"
	"testing"
)

// Proxy is a TCP proxy between roster and the test's PostgreSQL server
// that can play an outage, for tests of what roster does when the
// database goes away. It never touches the shared server itself.
type Proxy struct {
	t      testing.TB
	target string
	addr   string

	mu    sync.Mutex
	mode  ProxyMode
	ln    net.Listener
	pairs map[*pair]bool
	wg    sync.WaitGroup
}

// ProxyMode is what the proxy does with traffic.
type ProxyMode int

const (
	// Forward passes traffic both ways.
	Forward ProxyMode = iota
	// Refuse is a database that is down: the port refuses connections
	// and open ones are reset.
	Refuse
	// BlackHole is a network partition: connections are accepted and
	// nothing passes either way, nor is anything closed; a client waits
	// until its own timeouts give up.
	BlackHole
)

// pair is one proxied connection.
type pair struct {
	client, server net.Conn
	// held: black-holed; its bytes are dropped and it never forwards
	// again, like a connection cut off by a partition.
	held bool
}

// NewProxy starts a proxy to the test server and returns it with the
// URL (u, rewritten to go through the proxy). It is closed, with every
// connection, when the test ends.
func NewProxy(t testing.TB, u string) (*Proxy, string) {
	t.Helper()
	parsed, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{t: t, target: parsed.Host, pairs: map[*pair]bool{}}
	if err := p.listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	p.addr = p.ln.Addr().String()
	t.Cleanup(p.close)
	parsed.Host = p.addr
	return p, parsed.String()
}

func (p *Proxy) listen(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	p.ln = ln
	p.wg.Add(1)
	go p.accept(ln)
	return nil
}

// Set switches the proxy's mode. Refuse closes the listening port and
// resets every connection. BlackHole freezes every open connection for
// good (as a partition leaves them; when it heals, the client side is
// closed, as the client's keep-alives would find, while the server side
// stays open, as PostgreSQL's default keep-alive of hours leaves it) and
// swallows new ones. Forward heals: new connections pass again.
func (p *Proxy) Set(m ProxyMode) {
	p.mu.Lock()
	defer p.mu.Unlock()
	prev := p.mode
	p.mode = m
	switch m {
	case Refuse:
		if p.ln != nil {
			p.ln.Close()
			p.ln = nil
		}
		for pr := range p.pairs {
			reset(pr.client)
			if pr.server != nil {
				pr.server.Close()
			}
			delete(p.pairs, pr)
		}
	case BlackHole:
		for pr := range p.pairs {
			pr.held = true
		}
	case Forward:
		if prev == BlackHole {
			for pr := range p.pairs {
				if pr.held {
					pr.client.Close()
				}
			}
		}
	}
	if m != Refuse && p.ln == nil {
		if err := p.listen(p.addr); err != nil {
			p.t.Errorf("proxy: listen again on %s: %v", p.addr, err)
		}
	}
}

func (p *Proxy) accept(ln net.Listener) {
	defer p.wg.Done()
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		pr := &pair{client: c, held: p.mode == BlackHole}
		if !pr.held {
			s, err := net.Dial("tcp", p.target)
			if err != nil {
				p.mu.Unlock()
				reset(c)
				continue
			}
			pr.server = s
		}
		p.pairs[pr] = true
		p.mu.Unlock()
		if pr.server == nil {
			// Accepted during a black hole: swallowed, never forwarded.
			p.wg.Add(1)
			go func() { defer p.wg.Done(); io.Copy(io.Discard, c) }()
			continue
		}
		p.wg.Add(2)
		go p.pipe(pr, pr.client, pr.server)
		go p.pipe(pr, pr.server, pr.client)
	}
}

// pipe copies from src to dst while the pair is not held; once held, it
// drops what arrives.
func (p *Proxy) pipe(pr *pair, src, dst net.Conn) {
	defer p.wg.Done()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		p.mu.Lock()
		held := pr.held
		p.mu.Unlock()
		if n > 0 && !held {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				err = werr
			}
		}
		if err != nil {
			if !held {
				// A clean end on one side ends the other, as TCP would.
				src.Close()
				dst.Close()
				p.mu.Lock()
				delete(p.pairs, pr)
				p.mu.Unlock()
			}
			return
		}
	}
}

// reset closes c with an RST, as a host whose database is down does.
func reset(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	c.Close()
}

func (p *Proxy) close() {
	p.mu.Lock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for pr := range p.pairs {
		pr.client.Close()
		if pr.server != nil {
			pr.server.Close()
		}
	}
	p.mode = Refuse
	p.mu.Unlock()
	p.wg.Wait()
}
