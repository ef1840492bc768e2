package mail

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// maxMessageBytes caps one message read into memory; a bigger one is
// skipped (and logged) rather than exhausting memory.
const maxMessageBytes = 64 << 20

// selectFolder opens a folder read-only, asking for HIGHESTMODSEQ when the
// server has CONDSTORE.
func (ic *imapConn) selectFolder(ctx context.Context, name string) (*imap.SelectData, error) {
	var sel *imap.SelectData
	err := ic.guarded(ctx, phaseCommand, func() (err error) {
		sel, err = ic.c.Select(name, &imap.SelectOptions{ReadOnly: true, CondStore: ic.caps.Has(imap.CapCondStore)}).Wait()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("mail: open folder %s: %w", name, err)
	}
	return sel, nil
}

// searchUIDs returns the UIDs of the selected folder at or above from,
// received on or after since (zero: any date).
func (ic *imapConn) searchUIDs(ctx context.Context, from uint32, since time.Time) (UIDRanges, error) {
	var out UIDRanges
	crit := &imap.SearchCriteria{Since: since}
	if from > 1 {
		var set imap.UIDSet
		set.AddRange(imap.UID(from), 0) // from:*
		crit.UID = []imap.UIDSet{set}
	}
	err := ic.guarded(ctx, phaseCommand, func() error {
		var opts *imap.SearchOptions
		if ic.caps.Has(imap.CapESearch) || ic.caps.Has(imap.CapIMAP4rev2) {
			opts = &imap.SearchOptions{ReturnAll: true}
		}
		data, err := ic.c.UIDSearch(crit, opts).Wait()
		if err != nil {
			return err
		}
		set, _ := data.All.(imap.UIDSet)
		for _, r := range set {
			lo, hi := uint32(r.Start), uint32(r.Stop)
			if hi == 0 || hi < lo {
				lo, hi = min(lo, hi), max(lo, hi)
			}
			// "n:*" matches the highest message even below n: drop it.
			out.AddRange(max(lo, from), hi)
		}
		return nil
	})
	return out, err
}

// sizes returns the size of each message of uids, highest UID first.
func (ic *imapConn) sizes(ctx context.Context, uids []uint32) (map[uint32]int64, error) {
	out := make(map[uint32]int64, len(uids))
	err := ic.guarded(ctx, phaseCommand, func() error {
		cmd := ic.c.Fetch(uidSet(uids), &imap.FetchOptions{UID: true, RFC822Size: true})
		for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
			var uid uint32
			var size int64
			for item := msg.Next(); item != nil; item = msg.Next() {
				switch it := item.(type) {
				case imapclient.FetchItemDataUID:
					uid = uint32(it.UID)
				case imapclient.FetchItemDataRFC822Size:
					size = it.Size
				}
			}
			if uid != 0 {
				out[uid] = size
			}
		}
		return cmd.Close()
	})
	return out, err
}

// fetchBodies streams whole messages, calling got for each; the watchdog
// restarts at every message, so a large folder never times out while a
// stalled one does.
func (ic *imapConn) fetchBodies(ctx context.Context, folder string, uidValidity uint32, specialUse string, uids []uint32, got func(Fetched), tooBig func(uid uint32, size int64)) error {
	kick, stop := ic.guard(ctx)
	err := func() error {
		cmd := ic.c.Fetch(uidSet(uids), &imap.FetchOptions{
			UID: true, Flags: true, InternalDate: true,
			BodySection: []*imap.FetchItemBodySection{{Peek: true}},
		})
		for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
			kick()
			f := Fetched{Folder: folder, UIDValidity: uidValidity, SpecialUse: specialUse}
			for item := msg.Next(); item != nil; item = msg.Next() {
				switch it := item.(type) {
				case imapclient.FetchItemDataUID:
					f.UID = uint32(it.UID)
				case imapclient.FetchItemDataFlags:
					for _, fl := range it.Flags {
						f.Flags = append(f.Flags, string(fl))
					}
				case imapclient.FetchItemDataInternalDate:
					f.InternalDate = it.Time
				case imapclient.FetchItemDataBodySection:
					if it.Literal == nil {
						continue
					}
					if it.Literal.Size() > maxMessageBytes {
						tooBig(f.UID, it.Literal.Size()) // msg.Next discards the rest
						continue
					}
					// The literal says its size: one buffer of it, not one
					// grown and copied again and again.
					b := make([]byte, it.Literal.Size())
					_, err := io.ReadFull(it.Literal, b)
					// A cut connection ends the literal early with a clean EOF:
					// never take a short read for a message. Return at once:
					// go-imap's decoder goes on reading after a failed literal,
					// so touching msg again would race with it.
					if err == io.EOF {
						err = io.ErrUnexpectedEOF
					}
					if err != nil {
						return err
					}
					f.Raw = b
				}
			}
			if f.UID != 0 && f.Raw != nil {
				got(f)
			}
		}
		return cmd.Close()
	}()
	timedOut := stop()
	if err == nil {
		return nil
	}
	// The FETCH did not finish cleanly: the connection is unusable (and
	// its decoder may still hold our channels), so end it.
	ic.Close()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if timedOut {
		return &ConnError{Kind: ErrTimeout, Account: ic.acct.ID, Temporary: true, Err: err}
	}
	return ic.classify(err, phaseCommand)
}

// idle waits in IDLE until the selected folder grows, wake is closed, or
// max passes. It returns whether new mail arrived.
func (ic *imapConn) idle(ctx context.Context, wake <-chan struct{}, maxWait time.Duration) (bool, error) {
	select {
	case <-ic.news: // the folder grew after the last pass planned: go again
		return true, nil
	default:
	}
	var cmd *imapclient.IdleCommand
	if err := ic.guarded(ctx, phaseCommand, func() (err error) { cmd, err = ic.c.Idle(); return err }); err != nil {
		return false, err
	}
	stopCtx := context.AfterFunc(ctx, ic.Close)
	defer stopCtx()
	timer := time.NewTimer(maxWait)
	defer timer.Stop()
	news := false
	select {
	case <-ic.news:
		news = true
	case <-wake:
	case <-timer.C:
	case <-ctx.Done():
	case <-ic.c.Closed():
	}
	err := ic.guarded(ctx, phaseCommand, func() error {
		if err := cmd.Close(); err != nil {
			return err
		}
		return cmd.Wait()
	})
	return news, err
}

// noop asks the server for news (polling servers without IDLE).
func (ic *imapConn) noop(ctx context.Context) error {
	return ic.guarded(ctx, phaseCommand, func() error { return ic.c.Noop().Wait() })
}

func uidSet(uids []uint32) imap.UIDSet {
	var s imap.UIDSet
	for _, u := range uids {
		s.AddNum(imap.UID(u))
	}
	return s
}
