package crm

import "testing"

func TestRelateDomains(t *testing.T) {
	cases := []struct {
		a, b string
		want LabelRelation
	}{
		{"acme.test", "acme-labs.test", RelWordPrefix},
		{"acme-labs.test", "acme.test", RelWordPrefix},
		{"robotics.com", "acme-robotics.com", RelWordSuffix},
		{"hvhealth.test", "harborview-health.test", RelAbbreviation},
		{"harborview-health.test", "hvhealth.test", RelAbbreviation},
		{"ibm.com", "international-business-machines.com", RelAbbreviation},
		{"suse.com", "suse.cz", RelSameLabel},
		{"suse.com", "suse.com", RelNone},
		{"fb.com", "meta.com", RelNone},
		{"ni.com", "ni-robotics.com", RelNone},  // too short to be a prefix
		{"acmelabs.test", "acme.test", RelNone}, // no word boundary
		{"ulb.be", "uclouvain.be", RelNone},
		{"hh.test", "harborview-health.test", RelNone}, // two initials of two words: too weak
		{"harborviewhealth.test", "harborview-health.test", RelNone},
		{"infradead.org", "lst.de", RelNone},
	}
	for _, c := range cases {
		if got := RelateDomains(c.a, c.b); got != c.want {
			t.Errorf("RelateDomains(%s, %s) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestSameCompany(t *testing.T) {
	none, shared, named := FamilyEvidence{}, FamilyEvidence{SharedPeople: 2}, FamilyEvidence{NamedInMail: true}
	one := FamilyEvidence{SharedPeople: 1}
	cases := []struct {
		a, b string
		ev   FamilyEvidence
		want bool
	}{
		{"acme.test", "acme-labs.test", none, true},   // close enough on its own
		{"acme.com", "acme-labs.co.uk", none, false},  // another suffix: needs the mail
		{"acme.com", "acme-labs.co.uk", shared, true}, // ... and gets it
		{"hvhealth.test", "harborview-health.test", none, false},
		{"hvhealth.test", "harborview-health.test", named, true},
		{"hvhealth.test", "harborview-health.test", shared, true},
		{"suse.com", "suse.cz", none, false},
		{"suse.com", "suse.cz", shared, true},
		{"kernel.org", "kernel.dk", one, false},                // one person's own domain
		{"health.test", "harborview-health.test", none, false}, // a suffix word alone
		{"fb.com", "meta.com", shared, false},                  // unrelated names never join on shared people
		{"kernel.org", "meta.com", shared, false},
	}
	for _, c := range cases {
		got, why := SameCompany(c.a, c.b, c.ev)
		if got != c.want {
			t.Errorf("SameCompany(%s, %s, %+v) = %v, want %v", c.a, c.b, c.ev, got, c.want)
		}
		if got && why == "" {
			t.Errorf("SameCompany(%s, %s) merges without a reason", c.a, c.b)
		}
		if !got && c.ev.SharedPeople < 2 && NeedsPeople(c.a, c.b) {
			if more, _ := SameCompany(c.a, c.b, FamilyEvidence{SharedPeople: 2}); !more {
				t.Errorf("NeedsPeople(%s, %s) but people would not decide it", c.a, c.b)
			}
		}
	}
}

func TestSharedPeople(t *testing.T) {
	suseCom := []PersonFacts{{Name: "David Sterba", Addresses: []string{"dsterba@suse.com"}}, {Name: "Jan Kara", Addresses: []string{"jack@suse.com"}}, {Name: "Team", Addresses: []string{"kernel-team@suse.com"}}}
	suseCz := []PersonFacts{{Name: "David Sterba", Addresses: []string{"dsterba@suse.cz"}}, {Name: "jack", Addresses: []string{"jack@suse.cz"}}, {Name: "", Addresses: []string{"kernel-team@suse.cz"}}}
	if n := SharedPeople("suse.com", "suse.cz", suseCom, suseCz); n != 2 {
		t.Errorf("suse: %d shared people, want 2 (the team mailbox does not count)", n)
	}
	a := []PersonFacts{{Name: "Mark Fasheh", Addresses: []string{"mark@fasheh.com"}}}
	b := []PersonFacts{{Name: "Mark Harmstone", Addresses: []string{"mark@harmstone.com"}}}
	if n := SharedPeople("fasheh.com", "harmstone.com", a, b); n != 0 {
		t.Errorf("two Marks: %d shared people", n)
	}
}

func TestExpansionInText(t *testing.T) {
	cases := []struct{ domain, text, want string }{
		{"hvhealth.test", "Sean Duffy\nBiomedical Engineer, Harborview Health\n+1 215 555 0124", "Harborview Health"},
		{"ibm.com", "Jane Roe, International Business Machines Corp.", "International Business Machines"},
		{"hvhealth.test", "we met at the health fair", ""},
		{"acme.test", "Acme Robotics", ""},                  // does not abbreviate
		{"harborview-health.test", "Harborview Health", ""}, // spelled out, not abbreviated
		{"acme-labs.test", "Yusuf, Research Lead At Acme Labs", ""},
	}
	for _, c := range cases {
		if got := ExpansionInText(c.domain, c.text); got != c.want {
			t.Errorf("ExpansionInText(%s, %q) = %q, want %q", c.domain, c.text, got, c.want)
		}
	}
	if !SpellsLabel("Harborview Health", "harborview-health.test") || SpellsLabel("Harborview", "harborview-health.test") {
		t.Error("SpellsLabel")
	}
}

func TestPreferAccountNameIsOrderFree(t *testing.T) {
	cases := []struct {
		a, b AccountName
		want string
	}{
		{AccountName{"Acme", true}, AccountName{"Acme Labs", false}, "Acme"},
		{AccountName{"Hvhealth", true}, AccountName{"Harborview Health", false}, "Harborview Health"},
		{AccountName{"Hvhealth", true}, AccountName{"Harborview Health", true}, "Harborview Health"},
		{AccountName{"Orbitalbrewing", true}, AccountName{"Orbital Brewing", false}, "Orbital Brewing"},
		{AccountName{"SUSE", false}, AccountName{"Suse", true}, "SUSE"},
		{AccountName{"Globex", true}, AccountName{"Globe", true}, "Globe"},
	}
	for _, c := range cases {
		if got := PreferAccountName(c.a, c.b).Name; got != c.want {
			t.Errorf("PreferAccountName(%v, %v) = %q, want %q", c.a, c.b, got, c.want)
		}
		if got := PreferAccountName(c.b, c.a).Name; got != c.want {
			t.Errorf("PreferAccountName(%v, %v) = %q, want %q", c.b, c.a, got, c.want)
		}
	}
}
