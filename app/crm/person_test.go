package crm

import "testing"

func TestPersonKey(t *testing.T) {
	cases := []struct{ name, want string }{
		{"Kevin Williams", "kevin williams"},
		{`"Marcus Müller"`, "marcus muller"},
		{"Anderseck, Martin", "martin anderseck"},
		{"Ofori Boateng, Joshua [E CPE]", "joshua ofori boateng"},
		{"Cornel Balint via USRP-users", "cornel balint"},
		{"David Taylor (manx.net)", "david taylor"},
		{"John A. Smith", "john smith"},
		{"jsmith", ""},              // one word
		{"Q W", ""},                 // initials only
		{"Globex Support Team", ""}, // a role
		{"jane@acme.test", ""},
	}
	for _, c := range cases {
		if got := PersonKey(c.name); got != c.want {
			t.Errorf("PersonKey(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestSamePerson(t *testing.T) {
	biz := func(name string, addrs ...string) PersonFacts { return PersonFacts{Name: name, Addresses: addrs} }
	free := func(name string, addrs ...string) PersonFacts {
		return PersonFacts{Name: name, Addresses: addrs, FreeMail: true}
	}
	company, thread, both := PersonEvidence{SameCompany: true}, PersonEvidence{SharedThread: true}, PersonEvidence{SameCompany: true, SharedThread: true}
	cases := []struct {
		what string
		a, b PersonFacts
		ev   PersonEvidence
		want bool
	}{
		{"same mailbox at two of the company's domains", biz("David Sterba", "dsterba@suse.com"), biz("David Sterba", "dsterba@suse.cz"), company, true},
		{"same mailbox, one name unknown", biz("clm", "clm@fb.com"), biz("Chris Mason", "clm@fb-labs.com"), company, true},
		{"same mailbox, names disagree", biz("Mark Fasheh", "mark@acme.test"), biz("Mark Harmstone", "mark@acme-labs.test"), company, false},
		{"same mailbox at unrelated companies", biz("Dave Chinner", "david@fromorbit.com"), biz("David Raeman", "david@synopticengineering.com"), thread, false},
		{"same name at one company", biz("Yusuf Aydın", "yusuf.aydin@acme.test"), biz("Yusuf Aydin", "y.aydin@acme-labs.test"), company, true},
		{"same name, different companies, same thread", biz("Keith Busch", "kbusch@kernel.org"), biz("Keith Busch", "kbusch@meta.com"), thread, false},
		{"free-mail under the same name in the same thread", free("Kevin Williams", "zs1kwa@gmail.com"), biz("Kevin Williams", "kevin.williams@vastech.co.za"), thread, true},
		{"free-mail under the same name, never together", free("Kevin Williams", "zs1kwa@gmail.com"), biz("Kevin Williams", "kevin.williams@vastech.co.za"), PersonEvidence{}, false},
		{"two free-mail addresses under one name", free("Qiyu Yan", "yanqiyu01@gmail.com"), free("Qiyu Yan", "qiyu@yahoo.com"), thread, false},
		{"free-mail with only a first name", free("Kevin", "zs1kwa@gmail.com"), biz("Kevin Williams", "kevin.williams@vastech.co.za"), thread, false},
		{"a team mailbox signed by a person", biz("Jane Roe", "sales@acme.test"), biz("Jane Roe", "jane.roe@acme.test"), both, false},
		{"same first and last name, but one is a role", biz("Globex Accounts Payable", "ap@globex.test"), biz("Globex Accounts Payable", "ap@mail-globex.test"), company, false},
	}
	for _, c := range cases {
		got, why := SamePerson(c.a, c.b, c.ev)
		if got != c.want {
			t.Errorf("%s: SamePerson = %v, want %v", c.what, got, c.want)
		}
		if got2, _ := SamePerson(c.b, c.a, c.ev); got2 != got {
			t.Errorf("%s: not symmetric", c.what)
		}
		if got && why == "" {
			t.Errorf("%s: no reason", c.what)
		}
	}
	ab, ab2 := MergeIDFor(KindContact, "c_a", "c_b"), MergeIDFor(KindContact, "c_a", "c_b")
	if ab == MergeIDFor(KindContact, "c_b", "c_a") || ab != ab2 || ab == MergeIDFor(KindAccount, "c_a", "c_b") {
		t.Error("merge ids must be stable and directed")
	}
}
