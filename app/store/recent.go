package store

// recentValues remembers small values that write transactions read or
// wrote, as committed. An import's writer reads the same accounts, people,
// threads and lookups again with every message, and at a few hundred
// thousand messages each of those reads went down Badger's levels: 40 %
// of the write transaction's time.
//
// Only write transactions use it. They run one at a time (Store.mu), and
// every write goes through Tx.set and Tx.del, so what it holds is what a
// new write transaction would read from Badger. A transaction's own
// writes join it only when the transaction commits.
type recentValues struct {
	// Two generations: when cur is full, it becomes old and a new cur
	// starts; what is read from old moves back to cur. A nil value means
	// the key is known to be absent.
	cur, old map[string][]byte
	curBytes int
}

// recentBytes bounds the memory of both generations together (tests
// lower it).
var recentBytes = 16 << 20

const (
	// recentValueMax is the largest value remembered: records of
	// accounts, people and threads, and lookups, not mail.
	recentValueMax = 8 << 10
	// entryOverhead is a rough cost of an entry besides its key and value.
	entryOverhead = 64
)

func newRecentValues() *recentValues {
	return &recentValues{cur: map[string][]byte{}}
}

// get returns a remembered value (nil: known absent) and whether there was
// one. The value's capacity is its length, so a caller's append copies.
func (r *recentValues) get(key []byte) ([]byte, bool) {
	if v, ok := r.cur[string(key)]; ok {
		return v, true
	}
	v, ok := r.old[string(key)]
	if ok {
		r.put(string(key), v)
	}
	return v, ok
}

// put remembers a committed value, or absence when v is nil; a value too
// big to remember is forgotten instead.
func (r *recentValues) put(key string, v []byte) {
	if len(v) > recentValueMax {
		r.forget(key)
		return
	}
	if r.curBytes >= recentBytes/2 {
		r.old, r.cur, r.curBytes = r.cur, make(map[string][]byte, len(r.cur)), 0
	}
	r.cur[key] = v[:len(v):len(v)]
	r.curBytes += len(key) + len(v) + entryOverhead
}

func (r *recentValues) forget(key string) {
	delete(r.cur, key)
	delete(r.old, key)
}

// pendingValue is what a write transaction wrote to a key, to join the
// recent values once it commits.
type pendingValue struct {
	v        []byte // nil: deleted
	inBadger bool   // too big, or in a pack: read it back from Badger
}

// remember notes what the transaction wrote to key: v, or nil when it
// deleted the key.
func (tx *Tx) remember(key []byte, v []byte, inBadger bool) {
	if tx.pending == nil {
		return // not a write transaction's
	}
	tx.pending[string(key)] = pendingValue{v: v[:len(v):len(v)], inBadger: inBadger || len(v) > recentValueMax}
}

// commitPending moves a committed transaction's writes into the recent values.
func (tx *Tx) commitPending() {
	for k, p := range tx.pending {
		if p.inBadger {
			tx.st.recent.forget(k)
		} else {
			tx.st.recent.put(k, p.v)
		}
	}
}
