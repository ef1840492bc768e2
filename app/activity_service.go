package app

import (
	"context"
	"errors"
	"strings"
	"time"

	"parley/app/crm"
	"parley/app/store"
)

// ActivityService captures notes, calls, meetings and visits.
type ActivityService struct{ w *Workspace }

// Capture saves a note, call, meeting or visit, offline, and returns it
// as a timeline item.
func (s *ActivityService) Capture(in ActivityInput) (TimelineItem, error) {
	kind := crm.ActivityKind(in.Kind)
	if !kind.Valid() {
		return TimelineItem{}, errors.New("choose what to log: a note, a call, a meeting or a visit")
	}
	body := strings.TrimSpace(in.Body)
	if body == "" {
		return TimelineItem{}, errors.New("write a few words before saving")
	}
	st, err := s.w.Store()
	if err != nil {
		return TimelineItem{}, err
	}
	at := in.At
	if at == 0 {
		at = time.Now().UnixMilli()
	}
	act := &crm.Activity{ID: crm.NewID("v_"), Kind: kind, Author: "me", At: at, AccountID: crm.ID(in.AccountID), Body: body}
	for _, c := range in.ContactIDs {
		act.ContactIDs = append(act.ContactIDs, crm.ID(c))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var item TimelineItem
	err = st.Update(ctx, func(tx *store.Tx) error {
		if act.AccountID != "" {
			a := &crm.Account{ID: act.AccountID}
			if err := tx.Get(a); err != nil {
				return errors.New("that account no longer exists")
			}
			if at > a.LastAt {
				a.LastAt = at
				if _, err := tx.Put(a, "me"); err != nil {
					return err
				}
			}
		}
		for _, cid := range act.ContactIDs {
			c := &crm.Contact{ID: cid}
			if err := tx.Get(c); err != nil {
				return errors.New("one of the people picked no longer exists")
			}
			if at > c.LastAt {
				c.LastAt = at
				if _, err := tx.Put(c, "me"); err != nil {
					return err
				}
			}
		}
		if _, err := tx.Put(act, "me"); err != nil {
			return err
		}
		item = activityItem(tx, act)
		return nil
	})
	if err != nil {
		return TimelineItem{}, err
	}
	// Searchable the moment it is saved: the indexer applies the change at
	// once; a busy one (a large import) is waited for only briefly, and the
	// note is found as soon as it catches up.
	if x := s.w.Indexer(); x != nil {
		wait, stop := context.WithTimeout(context.Background(), 2*time.Second)
		_ = x.WaitFor(wait, st.LastSeq())
		stop()
	}
	s.w.cfg.Emitter.Emit(EventChanged, Changed{Kinds: []string{"activity", "account"}})
	return item, nil
}
