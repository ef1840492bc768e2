package mail

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"parley/app/crm"
	"parley/app/store"
)

// identityMail is a small mailbox with two domain families and people
// writing from two addresses, plus look-alikes that must stay apart.
func identityMail() [][]byte {
	d := func(day int) string { return fmt.Sprintf("Mon, %d Nov 2026 10:00:00 +0000", day) }
	return [][]byte{
		// Acme: acme.test and acme-labs.test, never in one message.
		rawMail("a1@acme.test", "Dana Whitfield <dana.whitfield@acme.test>", "sam@vendor.test", "Line 3 retrofit", d(2), "", "Can we talk?\n\nDana Whitfield\nVP Operations, Acme Robotics"),
		rawMail("l1@acme-labs.test", "Yusuf Aydın <yusuf.aydin@acme-labs.test>", "sam@vendor.test", "Telemetry export", d(3), "", "Parquet?\n\nYusuf Aydın\nResearch Lead, Acme Labs"),
		// ... and Yusuf again, from the parent company's domain.
		rawMail("a2@acme.test", "Yusuf Aydin <yusuf@acme.test>", "sam@vendor.test", "Badge access", d(4), "", "Thanks!\n\nYusuf"),
		// Harborview: hvhealth.test spells its company name in signatures.
		rawMail("h1@harborview-health.test", "Amelia Hart <amelia.hart@harborview-health.test>", "sam@vendor.test", "RFP 2026-14", d(5), "", "Please find the RFP.\n\nAmelia Hart\nDirector of Facilities, Harborview Health"),
		rawMail("h2@hvhealth.test", "Sean Duffy <sean.duffy@hvhealth.test>", "sam@vendor.test", "Firmware question", d(6), "", "Which firmware?\n\nSean Duffy\nBiomedical Engineer, Harborview Health"),
		// Kevin writes from his company, then from home in the same thread
		// (copying a colleague, so the message is customer history).
		rawMail("v1@vastech.test", "Kevin Williams <kevin.williams@vastech.test>", "sam@vendor.test", "X310 clocking", d(7), "", "Clock drift.\n\nKevin"),
		rawMail("v2@gmail.com", "Kevin Williams <zs1kwa@gmail.com>", "sam@vendor.test, Pieter Botha <pieter.botha@vastech.test>", "Re: X310 clocking", d(8), "v1@vastech.test", "From home: fixed.\n\nKevin"),
		// Look-alikes: the same name at two unrelated companies in one
		// thread, and the same name on free mail, never in a thread with
		// the company address.
		rawMail("k1@kernel.test", "Keith Busch <kbusch@kernel.test>", "sam@vendor.test, Keith Busch <kbusch@meta.test>", "NVMe timeouts", d(9), "", "See attached."),
		rawMail("j1@globex.test", "John Smith <john.smith@globex.test>", "sam@vendor.test", "Fleet order", d(10), "", "Ten trucks."),
		rawMail("j2@gmail.com", "John Smith <jsmith1970@gmail.com>", "sam@vendor.test, Ann Lee <ann.lee@initech.test>", "Golf", d(11), "", "Saturday?"),
	}
}

// identitySummary lists what the importer derived about companies and
// people, in a form two imports can be compared by.
func identitySummary(t *testing.T, st *store.Store) []string {
	t.Helper()
	var out []string
	err := st.View(context.Background(), func(tx *store.Tx) error {
		tx.Each(crm.KindAccount, func(e crm.Entity) bool {
			a := e.(*crm.Account)
			out = append(out, fmt.Sprintf("account %s %q %v merged-into=%s", a.ID, a.Name, a.Domains, a.MergedInto))
			return true
		})
		tx.Each(crm.KindContact, func(e crm.Entity) bool {
			c := e.(*crm.Contact)
			out = append(out, fmt.Sprintf("contact %s %q %v account=%s free=%v merged-into=%s", c.ID, c.Name, c.Addresses, c.AccountID, c.FreeMail, c.MergedInto))
			return true
		})
		tx.Each(crm.KindMerge, func(e crm.Entity) bool {
			m := e.(*crm.Merge)
			out = append(out, fmt.Sprintf("merge %s %s -> %s (%s)", m.Kind, m.From, m.Into, m.Reason))
			return true
		})
		tx.Each(crm.KindMessage, func(e crm.Entity) bool {
			m := e.(*crm.Message)
			out = append(out, fmt.Sprintf("message %s accounts=%v contacts=%v", m.ID, m.AccountIDs, m.ContactIDs))
			return true
		})
		tx.Each(crm.KindThread, func(e crm.Entity) bool {
			th := e.(*crm.Thread)
			out = append(out, fmt.Sprintf("thread %s accounts=%v", th.ID, th.AccountIDs))
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func importIdentityMail(t *testing.T, order []int, batch int) *store.Store {
	t.Helper()
	st := openTestStore(t)
	g, err := NewIngester(st, IngestConfig{Classify: rep})
	if err != nil {
		t.Fatal(err)
	}
	mail := identityMail()
	for i := 0; i < len(order); i += batch {
		var raws [][]byte
		for _, k := range order[i:min(i+batch, len(order))] {
			raws = append(raws, mail[k])
		}
		ingestRaw(t, g, "INBOX", raws...)
	}
	return st
}

func liveAccountOf(t *testing.T, tx *store.Tx, domain string) *crm.Account {
	t.Helper()
	id, err := tx.AccountByDomain(domain)
	if err != nil {
		t.Fatalf("no account for %s: %v", domain, err)
	}
	a := &crm.Account{ID: id}
	if err := tx.Get(a); err != nil || a.MergedInto != "" {
		t.Fatalf("account for %s: %v, merged into %q", domain, err, a.MergedInto)
	}
	return a
}

func liveContactOf(t *testing.T, tx *store.Tx, addr string) *crm.Contact {
	t.Helper()
	id, err := tx.ContactByAddress(addr)
	if err != nil {
		t.Fatalf("no contact for %s: %v", addr, err)
	}
	c := &crm.Contact{ID: id}
	if err := tx.Get(c); err != nil || c.MergedInto != "" {
		t.Fatalf("contact for %s: %v, merged into %q", addr, err, c.MergedInto)
	}
	return c
}

func TestIngestJoinsFamiliesAndPeople(t *testing.T) {
	n := len(identityMail())
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	st := importIdentityMail(t, order, 1)
	st.View(context.Background(), func(tx *store.Tx) error {
		acme := liveAccountOf(t, tx, "acme.test")
		if labs := liveAccountOf(t, tx, "acme-labs.test"); labs.ID != acme.ID {
			t.Errorf("acme.test and acme-labs.test are two accounts: %q and %q", acme.Name, labs.Name)
		}
		if acme.Name != "Acme" || !slices.Equal(acme.Domains, []string{"acme-labs.test", "acme.test"}) {
			t.Errorf("Acme: %q %v", acme.Name, acme.Domains)
		}
		hv := liveAccountOf(t, tx, "harborview-health.test")
		if other := liveAccountOf(t, tx, "hvhealth.test"); other.ID != hv.ID {
			t.Errorf("harborview-health.test and hvhealth.test are two accounts: %q and %q", hv.Name, other.Name)
		}
		if hv.Name != "Harborview Health" {
			t.Errorf("Harborview is named %q", hv.Name)
		}
		if liveAccountOf(t, tx, "kernel.test").ID == liveAccountOf(t, tx, "meta.test").ID {
			t.Error("kernel.test and meta.test joined on a shared person")
		}

		// People.
		yusuf := liveContactOf(t, tx, "yusuf.aydin@acme-labs.test")
		if liveContactOf(t, tx, "yusuf@acme.test").ID != yusuf.ID || len(yusuf.Addresses) != 2 || yusuf.AccountID != acme.ID {
			t.Errorf("Yusuf: %+v", yusuf)
		}
		kevin := liveContactOf(t, tx, "kevin.williams@vastech.test")
		if liveContactOf(t, tx, "zs1kwa@gmail.com").ID != kevin.ID {
			t.Error("Kevin's personal address is another contact")
		}
		if !slices.Equal(kevin.Addresses, []string{"kevin.williams@vastech.test", "zs1kwa@gmail.com"}) || kevin.FreeMail || kevin.AccountID != liveAccountOf(t, tx, "vastech.test").ID {
			t.Errorf("Kevin: %+v", kevin)
		}
		if liveContactOf(t, tx, "kbusch@kernel.test").ID == liveContactOf(t, tx, "kbusch@meta.test").ID {
			t.Error("two companies' people became one contact")
		}
		if liveContactOf(t, tx, "john.smith@globex.test").ID == liveContactOf(t, tx, "jsmith1970@gmail.com").ID {
			t.Error("a common name on free mail joined a company contact with no conversation in common")
		}

		// History lands on the survivors, and the merges are data.
		survivors := map[crm.ID]bool{}
		merges := 0
		tx.Each(crm.KindMerge, func(e crm.Entity) bool {
			mg := e.(*crm.Merge)
			merges++
			if mg.Reason == "" || mg.From == mg.Into || crm.SurvivorOf(mg.From, mg.Into) != mg.Into {
				t.Errorf("merge %+v", mg)
			}
			return true
		})
		if merges != 4 { // acme, harborview, yusuf, kevin
			t.Errorf("%d merges, want 4", merges)
		}
		tx.Each(crm.KindAccount, func(e crm.Entity) bool {
			if a := e.(*crm.Account); a.MergedInto == "" {
				survivors[a.ID] = true
			}
			return true
		})
		tx.Each(crm.KindContact, func(e crm.Entity) bool {
			if c := e.(*crm.Contact); c.MergedInto == "" {
				survivors[c.ID] = true
			}
			return true
		})
		tx.Each(crm.KindMessage, func(e crm.Entity) bool {
			m := e.(*crm.Message)
			for _, id := range append(append([]crm.ID{}, m.AccountIDs...), m.ContactIDs...) {
				if !survivors[id] {
					t.Errorf("message %s still points at merged-away %s", m.MessageID, id)
				}
			}
			return true
		})
		tx.Each(crm.KindThread, func(e crm.Entity) bool {
			for _, id := range e.(*crm.Thread).AccountIDs {
				if !survivors[id] {
					t.Errorf("thread %s still points at merged-away %s", e.EntityID(), id)
				}
			}
			return true
		})
		tx.Each(crm.KindContact, func(e crm.Entity) bool {
			if c := e.(*crm.Contact); c.MergedInto == "" && c.AccountID != "" && !survivors[c.AccountID] {
				t.Errorf("contact %s belongs to merged-away %s", c.Name, c.AccountID)
			}
			return true
		})
		threads := 0
		for _, ref := range tx.Timeline(acme.ID, 100) {
			if ref.Kind == crm.KindThread {
				threads++
			}
		}
		if threads != 3 {
			t.Errorf("Acme's timeline has %d threads, want 3", threads)
		}
		people, _ := tx.AccountContacts(acme.ID)
		if len(people) != 2 { // Dana, Yusuf
			t.Errorf("Acme has %d people, want 2", len(people))
		}
		return nil
	})
}

// The same mail in any order and any batching gives the same accounts,
// contacts, merges and links.
func TestIngestIdentityIsOrderFree(t *testing.T) {
	n := len(identityMail())
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	want := identitySummary(t, importIdentityMail(t, order, 1))
	rng := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 6; round++ {
		rng.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
		batch := 1 + round%3*4
		got := identitySummary(t, importIdentityMail(t, order, batch))
		if !slices.Equal(got, want) {
			t.Fatalf("order %v (batches of %d) gives another result:\n%s\nwant:\n%s", order, batch, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	// Newest first, as the importer fetches.
	slices.Sort(order)
	slices.Reverse(order)
	if got := identitySummary(t, importIdentityMail(t, order, 3)); !slices.Equal(got, want) {
		t.Fatalf("newest first gives another result:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
