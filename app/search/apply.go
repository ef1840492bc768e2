package search

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"

	"parley/app/crm"
)

// Change is one entry of the store's change feed, as the index needs it.
type Change struct {
	// Seq is the store's local, gapless change sequence of this change.
	Seq uint64
	// ID names the entity changed.
	ID crm.ID
	// Entity is its state after the change, nil when it is gone (deleted,
	// tombstoned, merged away). Kinds the index does not hold (threads,
	// follow-ups, merges, settings) are accepted and only advance Seq.
	Entity crm.Entity
}

// Apply indexes a run of changes in ascending Seq order. Changes at or
// below LastSeq are skipped, so replaying the feed after a crash is safe.
// The index records the highest Seq of its changes only once they are all
// in, so it never claims a change it does not hold: a Bleve batch of
// Options.BatchSize changes records it in the same batch.
//
// Two batches of different entities are built side by side: Bleve builds
// a batch's segment on the calling goroutine, so one batch at a time left
// a core idle while the index caught up after an import (1.5 s of a
// 5 s corpus import). Their Seq is recorded in a batch of its own once
// both are in.
func (ix *Index) Apply(ctx context.Context, changes []Change) error {
	ix.applyMu.Lock()
	defer ix.applyMu.Unlock()
	if err := ix.usable(); err != nil {
		return err
	}
	if ix.opts.ReadOnly {
		return ErrReadOnly
	}
	last := ix.LastSeq()
	for len(changes) > 0 && changes[0].Seq <= last {
		changes = changes[1:]
	}
	for len(changes) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		a := changes[:min(len(changes), ix.opts.BatchSize)]
		changes = changes[len(a):]
		b := changes[:min(len(changes), ix.opts.BatchSize)]
		if !disjoint(a, b) {
			b = nil
		}
		changes = changes[len(b):]
		top, err := ix.applyChunks(a, b)
		if err != nil {
			return fmt.Errorf("search: apply changes up to %d: %w", top, err)
		}
		ix.lastSeq.Store(top)
	}
	return nil
}

// applyChunks indexes a, and b beside it when there is one, and records
// the highest Seq: in a's batch when it is alone, else in a batch of its
// own once both are in.
func (ix *Index) applyChunks(a, b []Change) (uint64, error) {
	top := a[len(a)-1].Seq
	if len(b) == 0 {
		sums, err := ix.applyChunk(a, top)
		ix.noteSums(sums)
		return top, err
	}
	top = b[len(b)-1].Seq
	type result struct {
		sums map[crm.ID]uint64
		err  error
	}
	done := make(chan result, 1)
	go func() {
		sums, err := ix.applyChunk(b, 0)
		done <- result{sums, err}
	}()
	sumsA, errA := ix.applyChunk(a, 0)
	rb := <-done
	ix.noteSums(sumsA)
	ix.noteSums(rb.sums)
	if err := errors.Join(errA, rb.err); err != nil {
		return top, err
	}
	seq := ix.b.NewBatch()
	seq.SetInternal(keySeq, encodeSeq(top))
	return top, ix.runBatch(seq)
}

// applyChunk indexes a run of changes in one Bleve batch, recording seq
// in it when seq is not 0. It returns the sums to note once the batch is
// in (nil when it is not).
func (ix *Index) applyChunk(chunk []Change, seq uint64) (map[crm.ID]uint64, error) {
	batch := ix.b.NewBatch()
	sums := map[crm.ID]uint64{}
	for _, c := range chunk {
		if err := ix.stage(batch, c.ID, c.Entity, sums); err != nil {
			return nil, err
		}
	}
	if seq != 0 {
		batch.SetInternal(keySeq, encodeSeq(seq))
	}
	if batch.Size() == 0 {
		return sums, nil // only kinds the index does not hold
	}
	if err := ix.runBatch(batch); err != nil {
		return nil, err
	}
	return sums, nil
}

// disjoint says whether two runs of changes touch different entities, so
// their batches may go into the index in either order.
func disjoint(a, b []Change) bool {
	if len(b) == 0 {
		return false
	}
	ids := make(map[crm.ID]struct{}, len(a))
	for _, c := range a {
		ids[c.ID] = struct{}{}
	}
	for _, c := range b {
		if _, ok := ids[c.ID]; ok {
			return false
		}
	}
	return true
}

// Add indexes entities without touching the change sequence: a rebuild
// feeds a store snapshot through it, then calls FinishRebuild.
func (ix *Index) Add(ctx context.Context, entities []crm.Entity) error {
	ix.applyMu.Lock()
	defer ix.applyMu.Unlock()
	if err := ix.usable(); err != nil {
		return err
	}
	for len(entities) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := min(len(entities), ix.opts.BatchSize)
		batch := ix.b.NewBatch()
		sums := map[crm.ID]uint64{}
		for _, e := range entities[:n] {
			if err := ix.stage(batch, e.EntityID(), e, sums); err != nil {
				return err
			}
		}
		entities = entities[n:]
		if err := ix.runBatch(batch); err != nil {
			return fmt.Errorf("search: add: %w", err)
		}
		ix.noteSums(sums)
	}
	return nil
}

// stage puts one entity's document, or its removal, into batch. The
// document of an account or a person is left out when the index already
// holds the same one: most changes to them (counts, the last message's
// date once the newest mail is in, links) change nothing indexed, and an
// import changes them with every batch. sums collects the documents
// staged, for noteSums once the batch is in.
func (ix *Index) stage(batch *bleve.Batch, id crm.ID, e crm.Entity, sums map[crm.ID]uint64) error {
	doc, keep := ix.document(e)
	switch {
	case doc != nil:
		if sumsKept(e) {
			// Compared with what the batch already holds for id, else with
			// what the index holds: an entity changed and changed back in
			// one run must not leave its first change in the batch.
			sum := docSum(doc)
			old, ok := sums[id]
			if !ok {
				old, ok = ix.sums[id]
			}
			if ok && old == sum {
				return nil
			}
			sums[id] = sum
		}
		if err := batch.IndexAdvanced(doc); err != nil {
			return fmt.Errorf("search: index %s: %w", id, err)
		}
	case !keep:
		sums[id] = 0
		batch.Delete(string(id))
	}
	return nil
}

// sumsKept says whether the index remembers the sum of e's document:
// accounts and people, the kinds that change often and stay few.
func sumsKept(e crm.Entity) bool {
	switch e.(type) {
	case *crm.Account, *crm.Contact:
		return true
	}
	return false
}

// docSum is a hash of everything a document gives the index.
func docSum(doc *document.Document) uint64 {
	h := fnv.New64a()
	for _, f := range doc.Fields {
		h.Write([]byte(f.Name()))
		h.Write([]byte{0})
		for _, p := range f.ArrayPositions() {
			h.Write([]byte{byte(p), byte(p >> 8), 0})
		}
		if m, ok := f.(*multiField); ok {
			m.sum(h)
		} else {
			h.Write(f.Value())
		}
		h.Write([]byte{0, byte(f.Options())})
	}
	return h.Sum64()
}

// noteSums records the documents a batch put in or took out.
func (ix *Index) noteSums(sums map[crm.ID]uint64) {
	for id, sum := range sums {
		if sum == 0 {
			delete(ix.sums, id)
		} else {
			ix.sums[id] = sum
		}
	}
}

// document builds the index document of e. It returns (nil, false) when e
// must not be in the index (nil, deleted, merged away) and (nil, true) for
// kinds the index does not hold.
func (ix *Index) document(e crm.Entity) (*document.Document, bool) {
	switch e := e.(type) {
	case *crm.Message:
		if e == nil {
			return nil, false
		}
		return ix.messageDoc(e), true
	case *crm.Activity:
		if e == nil || e.Deleted {
			return nil, false
		}
		return ix.activityDoc(e), true
	case *crm.Account:
		if e == nil || e.MergedInto != "" {
			return nil, false
		}
		return ix.accountDoc(e), true
	case *crm.Contact:
		if e == nil || e.MergedInto != "" {
			return nil, false
		}
		return ix.contactDoc(e), true
	case nil:
		return nil, false
	}
	return nil, true
}

// runBatch executes a Bleve batch, turning a panic on damaged files into
// an error that marks the index broken.
func (ix *Index) runBatch(batch *bleve.Batch) (err error) {
	defer faultsPanic()()
	defer func() {
		if r := recover(); r != nil {
			err = ix.damaged("batch", r)
		}
	}()
	return ix.b.Batch(batch)
}
