package mail

import (
	"context"
	"errors"

	"parley/app/crm"
	"parley/app/store"
)

// Reclassify applies new classification rules to mail already stored:
// messages whose verdict changes join or leave customer history, with
// their accounts, contacts and threads updated. Only messages for which
// match returns true are looked at. It returns how many changed.
func (g *Ingester) Reclassify(ctx context.Context, match func(*crm.Message) bool) (int, error) {
	var ids []crm.ID
	err := g.st.View(ctx, func(tx *store.Tx) error {
		return tx.Each(crm.KindMessage, func(e crm.Entity) bool {
			if m := e.(*crm.Message); match(m) {
				ids = append(ids, m.ID)
			}
			return true
		})
	})
	if err != nil {
		return 0, err
	}
	changed, size := 0, 200
	for len(ids) > 0 {
		n := min(len(ids), size)
		batch := ids[:n]
		batchChanged := 0
		err := g.st.Update(ctx, func(tx *store.Tx) error {
			batchChanged = 0
			w := &writer{tx: tx, g: g, stats: &BatchStats{}}
			threads := map[crm.ID]bool{}
			for _, id := range batch {
				m := &crm.Message{ID: id}
				if err := tx.Get(m); err != nil {
					continue
				}
				raw, err := tx.Raw(id)
				if err != nil {
					continue
				}
				p, err := Parse(raw, g.cfg.Limits)
				if err != nil {
					return err
				}
				known := func(addr string) bool { _, err := tx.ContactByAddress(addr); return err == nil }
				d := g.classifier.Decide(p.Facts(), known)
				if d.History == m.History && d.LeftOut == m.LeftOut {
					continue
				}
				m.History, m.LeftOut, m.AccountIDs, m.ContactIDs = d.History, d.LeftOut, nil, nil
				if m.History {
					if err := w.people(m, d); err != nil {
						return err
					}
				}
				if _, err := tx.Put(m, g.cfg.Author); err != nil {
					return err
				}
				threads[m.ThreadID] = true
				batchChanged++
			}
			for tid := range threads {
				if err := w.resummarise(tid); err != nil {
					return err
				}
			}
			return w.finish()
		})
		if errors.Is(err, store.ErrTooBig) && n > 1 {
			size = n / 2 // too much for one transaction: smaller ones from here on
			continue
		}
		if err != nil {
			return changed, err
		}
		changed += batchChanged
		ids = ids[n:]
	}
	return changed, nil
}

// resummarise recomputes a thread's history flag and accounts from its
// messages.
func (w *writer) resummarise(tid crm.ID) error {
	t := &crm.Thread{ID: tid}
	if err := w.tx.Get(t); err != nil {
		if errors.Is(err, crm.ErrNotFound) {
			return nil
		}
		return err
	}
	msgs, err := w.tx.ThreadMessages(tid)
	if err != nil {
		return err
	}
	t.History, t.AccountIDs = false, nil
	for _, m := range msgs {
		if m.History {
			t.History = true
			for _, a := range m.AccountIDs {
				t.AccountIDs = appendID(t.AccountIDs, a)
			}
		}
	}
	_, err = w.tx.Put(t, w.g.cfg.Author)
	return err
}
