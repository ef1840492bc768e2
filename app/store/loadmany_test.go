package store

import (
	"context"
	"testing"

	"parley/app/crm"
)

// LoadMany reads packed messages and plain entities, in the order asked,
// with nil where nothing is stored.
func TestLoadManyKeepsOrderAndGaps(t *testing.T) {
	ctx := context.Background()
	st := openTest(t, t.TempDir(), testKey(t))
	defer st.Close(ctx)
	var msgs []*crm.Message
	for i := range 12 {
		msgs = append(msgs, bigMessage(i))
	}
	acct := &crm.Account{ID: "a_loadmany", Name: "Globex"}
	err := st.Update(ctx, func(tx *Tx) error {
		for _, m := range msgs {
			if _, err := tx.Import(m, nil, "me"); err != nil {
				return err
			}
		}
		_, err := tx.Put(acct, "me")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var refs []crm.Ref
	for i := len(msgs) - 1; i >= 0; i-- {
		refs = append(refs, crm.Ref{Kind: crm.KindMessage, ID: msgs[i].ID})
		if i == 6 {
			refs = append(refs, crm.Ref{Kind: crm.KindAccount, ID: acct.ID}, crm.Ref{Kind: crm.KindMessage, ID: "m_missing"})
		}
	}
	st.View(ctx, func(tx *Tx) error {
		got := tx.LoadMany(refs)
		if len(got) != len(refs) {
			t.Fatalf("%d entities for %d refs", len(got), len(refs))
		}
		for i, ref := range refs {
			switch e := got[i].(type) {
			case nil:
				if ref.ID != "m_missing" {
					t.Errorf("%s: nothing loaded", ref.ID)
				}
			case *crm.Message:
				if e.ID != ref.ID || e.Text == "" {
					t.Errorf("position %d: message %s, want %s with its text", i, e.ID, ref.ID)
				}
			case *crm.Account:
				if e.Name != "Globex" || ref.ID != acct.ID {
					t.Errorf("position %d: account %+v", i, e)
				}
			}
		}
		return nil
	})
}
