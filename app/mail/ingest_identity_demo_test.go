package mail

import (
	"context"
	"testing"
	"time"

	"parley/app/crm"
	"parley/app/demo"
	"parley/app/store"
)

// The demo's companies that mail from two domains (Acme Robotics from
// acme.test and acme-labs.test; Harborview Health from
// harborview-health.test and the abbreviation hvhealth.test) become one
// account each, named the company's way, and the single-domain companies
// stay apart.
func TestDemoFamiliesAreOneAccountEach(t *testing.T) {
	st := openTestStore(t)
	_, me := demo.Me()
	g, err := NewIngester(st, IngestConfig{Classify: crm.ClassifierConfig{
		MyAddresses: []string{me}, InternalDomains: demo.InternalDomains(),
		FreeMailDomains: append(crm.DefaultFreeMailDomains(), demo.FreeMailDomains()...),
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range demo.Generate(1, time.Now()).Folders {
		var batch []Fetched
		for i, m := range f.Messages {
			batch = append(batch, Fetched{Folder: f.Name, SpecialUse: string(f.SpecialUse), UIDValidity: 1, UID: uint32(i + 1), Raw: m.Raw, InternalDate: m.Date})
		}
		if _, err := g.Ingest(context.Background(), "demo", batch, nil); err != nil {
			t.Fatal(err)
		}
	}
	st.View(context.Background(), func(tx *store.Tx) error {
		acme, labs := liveAccountOf(t, tx, "acme.test"), liveAccountOf(t, tx, "acme-labs.test")
		if acme.ID != labs.ID || acme.Name != "Acme" {
			t.Errorf("Acme: %q %v and %q %v", acme.Name, acme.Domains, labs.Name, labs.Domains)
		}
		hv, short := liveAccountOf(t, tx, "harborview-health.test"), liveAccountOf(t, tx, "hvhealth.test")
		if hv.ID != short.ID || hv.Name != "Harborview Health" {
			t.Errorf("Harborview: %q %v and %q %v", hv.Name, hv.Domains, short.Name, short.Domains)
		}
		live := 0
		tx.Each(crm.KindAccount, func(e crm.Entity) bool {
			if e.(*crm.Account).MergedInto == "" {
				live++
			}
			return true
		})
		if live != 6 { // Acme, Globex, Bluefin, Harborview, Cedar Ridge, Orbital
			t.Errorf("%d live accounts, want the demo's 6 customers", live)
		}
		return nil
	})
}
