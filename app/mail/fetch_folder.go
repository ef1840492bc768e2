package mail

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"parley/app/crm"
	"parley/app/store"
)

// folderPlan is what is left to fetch in one folder.
type folderPlan struct {
	info    FolderInfo
	cp      Checkpoint // as committed so far
	todo    UIDRanges  // wanted and not done, fetched from the top
	skip    UIDRanges  // existing, left out by the since date: never marked done
	uidNext uint32
	modSeq  uint64
}

// session is one connection's worth of work.
func (im *Importer) session(ctx context.Context) error {
	im.setPhase(PhaseConnecting, "")
	ic, err := dialIMAP(ctx, im.o.Account, im.o.Secret, im.o.Dial)
	if err != nil {
		return err
	}
	defer ic.Logout(context.WithoutCancel(ctx))
	im.setPhase(PhasePlanning, "")
	all, err := ic.listFolders(ctx)
	if err != nil {
		return err
	}
	folders, err := chooseFolders(all, im.o.Folders)
	if err != nil {
		var ce *ConnError
		if errors.As(err, &ce) {
			ce.Account = im.o.Account.ID
		}
		return err
	}
	if err := im.rememberFolders(ctx, folders); err != nil {
		return err
	}
	if err := im.pass(ctx, ic, folders); err != nil {
		return err
	}
	if !im.o.Live {
		return nil
	}
	return im.live(ctx, ic, folders)
}

// pass plans every folder, fetches the newest batches of each, then
// backfills each to the end.
func (im *Importer) pass(ctx context.Context, ic *imapConn, folders []FolderInfo) error {
	plans := make([]*folderPlan, 0, len(folders))
	for _, f := range folders {
		p, err := im.plan(ctx, ic, f)
		if err != nil {
			return err
		}
		plans = append(plans, p)
	}
	im.setPhase(PhaseFetching, "")
	for _, p := range plans {
		if err := im.fetchFolder(ctx, ic, p, im.o.RecentBatches); err != nil {
			return err
		}
	}
	im.setPhase(PhaseBackfill, "")
	for _, p := range plans {
		if err := im.fetchFolder(ctx, ic, p, 0); err != nil {
			return err
		}
	}
	return nil
}

func (im *Importer) sinceText() string {
	if im.o.Since.IsZero() {
		return ""
	}
	return im.o.Since.Format(DateLayout)
}

// sinceCovers reports whether a pass complete for since `had` also covers
// since `want` ("" is all mail).
func sinceCovers(had, want string) bool { return had == "" || (want != "" && want >= had) }

func (im *Importer) plan(ctx context.Context, ic *imapConn, f FolderInfo) (*folderPlan, error) {
	cp, err := LoadCheckpoint(ctx, im.o.Store, im.o.Account.ID, f.Name)
	if err != nil {
		return nil, err
	}
	sel, err := ic.selectFolder(ctx, f.Name)
	if err != nil {
		return nil, err
	}
	if cp.UIDValidity != sel.UIDValidity {
		if cp.UIDValidity != 0 {
			im.log.Warn("UIDVALIDITY changed: rescanning the folder", logFolder, f.Name)
		}
		// Forget the ranges: the new UIDs mean nothing to the old set. The
		// sink dedupes what was already stored.
		cp = Checkpoint{UIDValidity: sel.UIDValidity}
	}
	p := &folderPlan{info: f, cp: cp, uidNext: uint32(sel.UIDNext), modSeq: sel.HighestModSeq}
	since := im.sinceText()
	covered := cp.Complete && sinceCovers(cp.Since, since)
	if covered && cp.UIDNext == p.uidNext {
		im.setLeft(f.Name, 0)
		return p, nil // nothing new since the last complete pass
	}
	from := uint32(1)
	if covered {
		from = cp.UIDNext
	}
	exist, err := ic.searchUIDs(ctx, from, time.Time{})
	if err != nil {
		return nil, err
	}
	wanted := exist
	if !im.o.Since.IsZero() {
		if wanted, err = ic.searchUIDs(ctx, from, im.o.Since); err != nil {
			return nil, err
		}
	}
	p.todo = wanted.Minus(cp.Done)
	notWanted := exist.Minus(wanted)
	p.skip = notWanted.Minus(cp.Done)
	im.setLeft(f.Name, p.todo.Len())
	return p, nil
}

// fetchFolder fetches up to maxBatches batches (0: all) from the top of
// the plan; when nothing is left it marks the folder complete.
func (im *Importer) fetchFolder(ctx context.Context, ic *imapConn, p *folderPlan, maxBatches int) error {
	if p.todo.Empty() && p.cp.Complete && p.cp.UIDNext == p.uidNext {
		return nil
	}
	if !p.todo.Empty() {
		if err := im.reselect(ctx, ic, p); err != nil {
			return err
		}
		im.setFolder(p.info.Name)
	}
	// The connection fetches the next chunk while the one before it is
	// parsed and stored: fetching waits on the server, storing on the
	// cores. Chunks commit in order, each with its checkpoint.
	c := im.startCommitter(ctx, p)
	todo := p.todo // not yet handed to the committer
	uidValidity := p.cp.UIDValidity
	err := func() error {
		for n := 0; (maxBatches <= 0 || n < maxBatches) && !todo.Empty(); n++ {
			if err := im.waitPaused(ctx); err != nil {
				return err
			}
			uids := todo.Top(im.o.BatchSize)
			sizes, err := ic.sizes(ctx, uids)
			if err != nil {
				return err
			}
			for _, chunk := range chunkBySize(uids, sizes, im.o.BatchBytes) {
				var batch []Fetched
				err := ic.fetchBodies(ctx, p.info.Name, uidValidity, p.info.SpecialUse, chunk, func(f Fetched) {
					batch = append(batch, f)
				}, func(uid uint32, size int64) {
					im.log.Warn("message too large to import: skipped", logFolder, p.info.Name, "uid", uid, "bytes", size)
				})
				if err != nil {
					return err
				}
				// Everything in lo..hi that was wanted is in this chunk, so
				// the whole range is done (missing UIDs were expunged or
				// never were).
				var mark UIDRanges
				mark.AddRange(chunk[len(chunk)-1], chunk[0])
				mark = mark.Minus(p.skip)
				if err := c.put(batch, mark); err != nil {
					return err
				}
				todo = todo.Minus(mark)
			}
		}
		return nil
	}()
	if cerr := c.close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if !p.todo.Empty() {
		return nil
	}
	// Complete: every UID below UIDNEXT is done except the left-out ones.
	next := p.cp
	next.Done.AddRange(1, p.uidNext-1)
	next.Done = next.Done.Minus(p.skip)
	next.Complete, next.UIDNext, next.HighestModSeq, next.Since = true, p.uidNext, p.modSeq, im.sinceText()
	if p.uidNext <= 1 {
		next.Done = UIDRanges{}
	}
	err = im.o.Store.Update(ctx, func(tx *store.Tx) error {
		return tx.PutCheckpoint(im.o.Account.ID, p.info.Name, next)
	})
	if err != nil {
		return errorf("save checkpoint of %s: %w", p.info.Name, err)
	}
	p.cp = next
	return nil
}

// committer stores a folder's fetched chunks in order on a goroutine of
// its own, one chunk at a time, with one more waiting: p's checkpoint and
// todo are the committer's until close.
type committer struct {
	in   chan fetchedChunk
	done chan struct{}
	err  error // the first failure; read after done is closed
}

type fetchedChunk struct {
	batch []Fetched
	mark  UIDRanges
}

func (im *Importer) startCommitter(ctx context.Context, p *folderPlan) *committer {
	c := &committer{in: make(chan fetchedChunk, 1), done: make(chan struct{})}
	go func() {
		defer close(c.done)
		for ch := range c.in {
			if err := im.commit(ctx, p, ch.batch, ch.mark); err != nil {
				c.err = err // put and close report it
				return
			}
			p.todo = p.todo.Minus(ch.mark)
			im.setLeft(p.info.Name, p.todo.Len())
		}
	}()
	return c
}

// put hands a chunk over, waiting while one is already waiting; it
// returns the committer's failure, if it had one, instead.
func (c *committer) put(batch []Fetched, mark UIDRanges) error {
	select {
	case <-c.done:
		return c.err
	default:
	}
	select {
	case c.in <- fetchedChunk{batch, mark}:
		return nil
	case <-c.done:
		return c.err
	}
}

// close waits for every chunk handed over to be stored and returns the
// first failure.
func (c *committer) close() error {
	close(c.in)
	<-c.done
	return c.err
}

// reselect makes p's folder the selected one again if planning moved on,
// and checks that its UIDVALIDITY did not change meanwhile.
func (im *Importer) reselect(ctx context.Context, ic *imapConn, p *folderPlan) error {
	if mb := ic.c.Mailbox(); mb != nil && mb.Name == p.info.Name {
		return nil
	}
	sel, err := ic.selectFolder(ctx, p.info.Name)
	if err != nil {
		return err
	}
	if sel.UIDValidity != p.cp.UIDValidity {
		return errReplan
	}
	return nil
}

// commit hands a batch to the sink with a checkpoint that adds mark;
// a batch too big for one transaction is split in halves.
func (im *Importer) commit(ctx context.Context, p *folderPlan, batch []Fetched, mark UIDRanges) error {
	next := p.cp
	next.Done = p.cp.Done.Clone()
	next.Done.AddSet(mark)
	next.Fetched += len(batch)
	next.Complete = false
	save := func(tx *store.Tx) error { return tx.PutCheckpoint(im.o.Account.ID, p.info.Name, next) }
	if len(batch) == 0 {
		if err := im.o.Store.Update(ctx, save); err != nil {
			return errorf("save checkpoint of %s: %w", p.info.Name, err)
		}
		p.cp = next
		return nil
	}
	stats, err := im.o.Sink.Store(ctx, im.o.Account.ID, batch, save)
	if errors.Is(err, store.ErrTooBig) && len(batch) > 1 {
		half := len(batch) / 2
		var first UIDRanges
		for _, f := range batch[:half] {
			first.Add(f.UID)
		}
		if err := im.commit(ctx, p, batch[:half], first); err != nil {
			return err
		}
		return im.commit(ctx, p, batch[half:], mark)
	}
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return errorf("store mail from %s: %w", p.info.Name, err)
	}
	p.cp = next
	im.addDone(p.info.Name, len(batch), stats)
	return nil
}

// chunkBySize splits uids (highest first) into runs holding at most
// limit bytes (a bigger message goes alone). UIDs without a size are gone
// from the server; they stay in their run so the range covers them.
func chunkBySize(uids []uint32, sizes map[uint32]int64, limit int64) [][]uint32 {
	var out [][]uint32
	start, sum := 0, int64(0)
	for i, u := range uids {
		s := sizes[u]
		if i > start && sum+s > limit {
			out = append(out, uids[start:i])
			start, sum = i, 0
		}
		sum += s
	}
	if start < len(uids) {
		out = append(out, uids[start:])
	}
	return out
}

// rememberFolders records the folders that get checkpoints, so removing
// the account can forget them.
func (im *Importer) rememberFolders(ctx context.Context, folders []FolderInfo) error {
	key := prefFoldersOf(im.o.Account.ID)
	return im.o.Store.Update(ctx, func(tx *store.Tx) error {
		var have []string
		if err := tx.Pref(key, &have); err != nil && !errors.Is(err, crm.ErrNotFound) {
			return err
		}
		changed := false
		for _, f := range folders {
			if !slices.Contains(have, f.Name) {
				have, changed = append(have, f.Name), true
			}
		}
		if !changed {
			return nil
		}
		return tx.PutPref(key, have)
	})
}

// isInbox reports whether a folder is the INBOX.
func isInbox(name string) bool { return strings.EqualFold(name, "INBOX") }
