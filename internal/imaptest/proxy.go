package imaptest

import (
	"net"
	"sync"
	"sync/atomic"
	"testing"
)

// CutProxy is a TCP proxy on loopback in front of an IMAP server that drops
// every connection on demand or after a byte budget, to test how a client
// survives a connection lost mid-command. New connections are accepted
// after a cut. Safe for concurrent use.
type CutProxy struct {
	ln     net.Listener
	target string

	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	budget int64 // server-to-client bytes left before a cut; <0: unlimited
	cuts   int
	closed bool

	down atomic.Int64 // server-to-client bytes relayed
	wg   sync.WaitGroup
}

// NewCutProxy starts a proxy to target and closes it when the test ends.
func NewCutProxy(t testing.TB, target string) *CutProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("imaptest: proxy listen: %v", err)
	}
	p := &CutProxy{ln: ln, target: target, conns: map[net.Conn]struct{}{}, budget: -1}
	p.wg.Add(1)
	go p.accept()
	t.Cleanup(p.Close)
	return p
}

// Addr is where clients connect instead of the server.
func (p *CutProxy) Addr() string { return p.ln.Addr().String() }

// BytesDown is the number of server-to-client bytes relayed so far.
func (p *CutProxy) BytesDown() int64 { return p.down.Load() }

// Cuts is how many times connections were cut.
func (p *CutProxy) Cuts() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cuts
}

// CutAfter arms the proxy: once n more bytes have gone from the server to
// any client, every open connection is closed. The budget is then
// disarmed. n <= 0 cuts now.
func (p *CutProxy) CutAfter(n int64) {
	if n <= 0 {
		p.Cut()
		return
	}
	p.mu.Lock()
	p.budget = n
	p.mu.Unlock()
}

// Cut closes every open connection now.
func (p *CutProxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cutLocked()
}

func (p *CutProxy) cutLocked() {
	for c := range p.conns {
		c.Close()
		delete(p.conns, c)
	}
	p.budget = -1
	p.cuts++
}

// Close stops accepting, cuts every connection and waits for the relays.
func (p *CutProxy) Close() {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.closed = true
	p.ln.Close()
	for c := range p.conns {
		c.Close()
	}
	p.conns = map[net.Conn]struct{}{}
	p.mu.Unlock()
	p.wg.Wait()
}

func (p *CutProxy) accept() {
	defer p.wg.Done()
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return
		}
		server, err := net.Dial("tcp", p.target)
		if err != nil {
			client.Close()
			continue
		}
		if !p.track(client, server) {
			client.Close()
			server.Close()
			return
		}
		p.wg.Add(2)
		go p.relay(server, client, true)
		go p.relay(client, server, false)
	}
}

func (p *CutProxy) track(conns ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	for _, c := range conns {
		p.conns[c] = struct{}{}
	}
	return true
}

// relay copies src to dst; downstream relays spend the cut budget, and
// write only the part of a chunk that fits, so a cut lands exactly at the
// byte budget.
func (p *CutProxy) relay(src, dst net.Conn, downstream bool) {
	defer p.wg.Done()
	defer dst.Close()
	defer src.Close()
	buf := make([]byte, 16<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			chunk, cut := buf[:n], false
			if downstream {
				chunk, cut = p.spend(chunk)
				p.down.Add(int64(len(chunk)))
			}
			if _, werr := dst.Write(chunk); werr != nil {
				return
			}
			if cut {
				p.Cut()
				return
			}
		}
		if err != nil {
			return // EOF or a cut: either way this direction is done
		}
	}
}

func (p *CutProxy) spend(chunk []byte) ([]byte, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.budget < 0 {
		return chunk, false
	}
	if int64(len(chunk)) >= p.budget {
		chunk = chunk[:p.budget]
		p.budget = 0
		return chunk, true
	}
	p.budget -= int64(len(chunk))
	return chunk, false
}
