package app

import "sync"

// Event names the UI listens to.
const (
	EventStatus  = "status"  // payload Status
	EventImport  = "import"  // payload ImportProgress
	EventChanged = "changed" // payload Changed
)

// Changed tells the UI which kinds of data changed, so it refetches.
type Changed struct {
	Kinds []string `json:"kinds"`
}

// Emitter delivers events to the UI: the Wails runtime in the desktop app,
// server-sent events in `parley serve`.
type Emitter interface {
	Emit(name string, payload any)
}

// Broadcaster fans events out to any number of listeners; it is the
// Emitter of `parley serve` and of tests.
type Broadcaster struct {
	mu   sync.Mutex
	subs map[chan Event]struct{}
}

// Event is one emitted event.
type Event struct {
	Name    string `json:"name"`
	Payload any    `json:"payload"`
}

// Emit sends to every listener without blocking; a listener too slow to
// keep up misses events (the UI refetches on the next one).
func (b *Broadcaster) Emit(name string, payload any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		select {
		case ch <- Event{name, payload}:
		default:
		}
	}
}

// Subscribe returns a channel of events and a function that ends it.
func (b *Broadcaster) Subscribe() (<-chan Event, func()) {
	ch := make(chan Event, 64)
	b.mu.Lock()
	if b.subs == nil {
		b.subs = map[chan Event]struct{}{}
	}
	b.subs[ch] = struct{}{}
	b.mu.Unlock()
	return ch, func() {
		b.mu.Lock()
		delete(b.subs, ch)
		b.mu.Unlock()
	}
}

// MultiEmitter sends to several emitters (the window and the local socket).
type MultiEmitter []Emitter

func (m MultiEmitter) Emit(name string, payload any) {
	for _, e := range m {
		if e != nil {
			e.Emit(name, payload)
		}
	}
}
