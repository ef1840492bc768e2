package crm

import (
	"errors"
	"reflect"
	"strconv"
	"testing"
	"time"
)

func testClassifier(t *testing.T, mod func(*ClassifierConfig)) *Classifier {
	t.Helper()
	cfg := ClassifierConfig{
		MyAddresses: []string{"Martin.Braun@ettus.com"},
		Include:     []string{"vip.customer@gmail.com", "partner-but-customer.com"},
		Exclude:     []string{"recruiter@bigcorp.com", "spamvendor.com"},
	}
	if mod != nil {
		mod(&cfg)
	}
	c, err := NewClassifier(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestClassifyAddress(t *testing.T) {
	c := testClassifier(t, nil)
	tests := []struct {
		addr     string
		class    Class
		domain   string
		included bool
	}{
		{"martin.braun@ettus.com", ClassMe, "", false},
		{"MARTIN.BRAUN@ETTUS.COM", ClassMe, "", false},
		{"wade.fife@ettus.com", ClassInternal, "", false},
		{"someone@eng.ettus.com", ClassInternal, "", false}, // subdomain of internal
		{"jane@gmail.com", ClassFreeMail, "", false},
		{"jane@googlemail.com", ClassFreeMail, "", false},
		{"john@mail.acme.co.uk", ClassExternal, "acme.co.uk", false},
		{"john@acme.com", ClassExternal, "acme.com", false},
		{"eugene.grayver@aero.org", ClassExternal, "aero.org", false},
		{"noreply@acme.com", ClassAutomated, "", false},
		{"no-reply+abc@github.com", ClassAutomated, "", false},
		{"notifications@github.com", ClassAutomated, "", false},
		{"usrp-users-bounces@lists.ettus.com", ClassAutomated, "", false},
		{"MAILER-DAEMON@mx.acme.com", ClassAutomated, "", false},
		{"not-an-address", ClassAutomated, "", false},
		{"vip.customer@gmail.com", ClassFreeMail, "", true},
		{"bob@partner-but-customer.com", ClassExternal, "partner-but-customer.com", true},
		{"recruiter@bigcorp.com", ClassExcluded, "", false},
		{"other@bigcorp.com", ClassExternal, "bigcorp.com", false},
		{"sales@eu.spamvendor.com", ClassExcluded, "", false},
	}
	for _, tt := range tests {
		class, domain, inc := c.ClassifyAddress(tt.addr)
		if class != tt.class || domain != tt.domain || inc != tt.included {
			t.Errorf("ClassifyAddress(%q) = %s %q %v, want %s %q %v", tt.addr, class, domain, inc, tt.class, tt.domain, tt.included)
		}
	}
}

func TestDefaultInternalDomainSkipsFreeMail(t *testing.T) {
	c := testClassifier(t, func(cfg *ClassifierConfig) { cfg.MyAddresses = []string{"rep@gmail.com"} })
	if class, _, _ := c.ClassifyAddress("friend@gmail.com"); class != ClassFreeMail {
		t.Fatalf("free-mail domain of my address became internal: %s", class)
	}
	c = testClassifier(t, func(cfg *ClassifierConfig) { cfg.InternalDomains = []string{"ni.com", "emerson.com"} })
	if class, _, _ := c.ClassifyAddress("x@ettus.com"); class != ClassExternal {
		t.Fatalf("explicit internal domains must replace the default, got %s", class)
	}
	if class, _, _ := c.ClassifyAddress("x@emerson.com"); class != ClassInternal {
		t.Fatalf("explicit internal domain not internal: %s", class)
	}
}

func TestNewClassifierRejectsMalformedConfig(t *testing.T) {
	for _, cfg := range []ClassifierConfig{
		{MyAddresses: []string{"no-at-sign"}},
		{MyAddresses: []string{"a@b.com"}, InternalDomains: []string{"bad domain"}},
		{MyAddresses: []string{"a@b.com"}, Include: []string{"x@"}},
		{MyAddresses: []string{"a@b.com"}, FreeMailDomains: []string{""}},
	} {
		if _, err := NewClassifier(cfg); !errors.Is(err, ErrInvalid) {
			t.Errorf("NewClassifier(%+v) error = %v, want ErrInvalid", cfg, err)
		}
	}
}

func addrs(list ...string) []Address {
	out := make([]Address, len(list))
	for i, a := range list {
		out[i] = Address{Address: a}
	}
	return out
}

func TestDecide(t *testing.T) {
	const list = "usrp-users@lists.ettus.com"
	const listID = "usrp-users.lists.ettus.com"
	known := func(a string) bool { return a == "known.person@gmail.com" }
	tests := []struct {
		name      string
		facts     MailFacts
		listMail  bool
		history   bool
		leftOut   string
		direction Direction
		domains   []string
	}{
		{"customer writes to me", MailFacts{Author: Address{Address: "jane@acme.com"}, To: addrs("martin.braun@ettus.com")},
			false, true, "", Inbound, []string{"acme.com"}},
		{"I write to customer and colleague", MailFacts{Author: Address{Address: "martin.braun@ettus.com"}, To: addrs("jane@mail.acme.co.uk"), Cc: addrs("wade.fife@ettus.com")},
			false, true, "", Outbound, []string{"acme.co.uk"}},
		{"internal only", MailFacts{Author: Address{Address: "wade.fife@ettus.com"}, To: addrs("martin.braun@ettus.com")},
			false, false, LeftOutInternal, Internal, nil},
		{"I write to a colleague", MailFacts{Author: Address{Address: "martin.braun@ettus.com"}, To: addrs("wade.fife@ettus.com")},
			false, false, LeftOutInternal, Outbound, nil},
		{"unknown free-mail is personal", MailFacts{Author: Address{Address: "friend@gmail.com"}, To: addrs("martin.braun@ettus.com")},
			false, false, LeftOutPersonal, Inbound, nil},
		{"known free-mail contact is history", MailFacts{Author: Address{Address: "known.person@gmail.com"}, To: addrs("martin.braun@ettus.com")},
			false, true, "", Inbound, nil},
		{"included free-mail address is history", MailFacts{Author: Address{Address: "vip.customer@gmail.com"}, To: addrs("martin.braun@ettus.com")},
			false, true, "", Inbound, nil},
		{"excluded sender", MailFacts{Author: Address{Address: "recruiter@bigcorp.com"}, To: addrs("martin.braun@ettus.com")},
			false, false, LeftOutExcluded, Inbound, nil},
		{"newsletter", MailFacts{Author: Address{Address: "news@shop.example"}, To: addrs("martin.braun@ettus.com"), ListUnsubscribe: true, Precedence: "bulk"},
			false, false, LeftOutAutomated, Inbound, nil},
		{"auto-submitted from a business", MailFacts{Author: Address{Address: "tickets@acme.com"}, To: addrs("martin.braun@ettus.com"), AutoSubmitted: "auto-generated"},
			false, false, LeftOutAutomated, Inbound, nil},
		{"no-reply without bulk headers", MailFacts{Author: Address{Address: "no-reply@acme.com"}, To: addrs("martin.braun@ettus.com")},
			false, false, LeftOutAutomated, Inbound, nil},
		{"newsletter with List-Id and no List-Post", MailFacts{Author: Address{Address: "team@vendor.com"}, To: addrs("martin.braun@ettus.com"), ListID: "news.vendor.com", ListUnsubscribe: true},
			false, false, LeftOutAutomated, Inbound, nil},
		{"list mail, I am copied", MailFacts{Author: Address{Address: "jane@acme.com"}, To: addrs(list), Cc: addrs("martin.braun@ettus.com"), ListID: listID, ListAddress: list, HasListPost: true, Precedence: "list", ListUnsubscribe: true},
			false, true, "", Inbound, []string{"acme.com"}},
		{"list mail, I wrote it", MailFacts{Author: Address{Address: "martin.braun@ettus.com"}, To: addrs("jane@acme.com"), Cc: addrs(list), ListID: listID, ListAddress: list, HasListPost: true, IsReply: true},
			false, true, "", Outbound, []string{"acme.com"}},
		{"list mail, not a participant", MailFacts{Author: Address{Address: "jane@acme.com"}, To: addrs(list), ListID: listID, ListAddress: list, HasListPost: true, Precedence: "list"},
			false, false, LeftOutList, Inbound, nil},
		{"list mail counts when the option is set", MailFacts{Author: Address{Address: "jane@acme.com"}, To: addrs(list), ListID: listID, ListAddress: list, HasListPost: true, Precedence: "list"},
			true, true, "", Inbound, []string{"acme.com"}},
		{"list reply by a person without List-Post is not automated", MailFacts{Author: Address{Address: "jane@acme.com"}, To: addrs(list), Cc: addrs("martin.braun@ettus.com"), ListID: listID, ListAddress: list, IsReply: true},
			false, true, "", Inbound, []string{"acme.com"}},
		{"new patch on a list without List-Post, I am copied", MailFacts{Author: Address{Address: "jane@acme.com"}, To: addrs("linux-btrfs@vger.kernel.org"), Cc: addrs("martin.braun@ettus.com"), ListID: "linux-btrfs.vger.kernel.org", ListAddress: "linux-btrfs@vger.kernel.org", Precedence: "bulk", ListUnsubscribe: true},
			false, true, "", Inbound, []string{"acme.com"}},
		{"list address alone is no external participant", MailFacts{Author: Address{Address: "wade.fife@ettus.com"}, To: addrs("martin.braun@ettus.com"), Cc: addrs("linux-btrfs@vger.kernel.org"), ListID: "linux-btrfs.vger.kernel.org", ListAddress: "linux-btrfs@vger.kernel.org", HasListPost: true},
			false, false, LeftOutInternal, Internal, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := testClassifier(t, func(cfg *ClassifierConfig) { cfg.ListMailIsHistory = tt.listMail })
			d := c.Decide(tt.facts, known)
			if d.History != tt.history || d.LeftOut != tt.leftOut || d.Direction != tt.direction {
				t.Fatalf("got history=%v leftOut=%q direction=%s, want %v %q %s (participants %+v)",
					d.History, d.LeftOut, d.Direction, tt.history, tt.leftOut, tt.direction, d.Participants)
			}
			if !reflect.DeepEqual(d.AccountDomains, tt.domains) {
				t.Fatalf("account domains %v, want %v", d.AccountDomains, tt.domains)
			}
		})
	}
}

func TestDecideListsEachParticipantOnce(t *testing.T) {
	c := testClassifier(t, nil)
	d := c.Decide(MailFacts{
		Author: Address{Name: "Jane", Address: "Jane@Acme.com"},
		To:     addrs("jane@acme.com", "martin.braun@ettus.com"),
		Cc:     addrs("MARTIN.BRAUN@ettus.com", "bob@acme.com"),
	}, nil)
	want := []Participant{
		{Address: Address{Name: "Jane", Address: "jane@acme.com"}, Role: RoleFrom, Class: ClassExternal, Domain: "acme.com"},
		{Address: Address{Address: "martin.braun@ettus.com"}, Role: RoleTo, Class: ClassMe},
		{Address: Address{Address: "bob@acme.com"}, Role: RoleCc, Class: ClassExternal, Domain: "acme.com"},
	}
	if !reflect.DeepEqual(d.Participants, want) {
		t.Fatalf("participants\n got %+v\nwant %+v", d.Participants, want)
	}
	if !reflect.DeepEqual(d.AccountDomains, []string{"acme.com"}) {
		t.Fatalf("account domains %v", d.AccountDomains)
	}
}

func TestRegistrableDomain(t *testing.T) {
	for in, want := range map[string]string{
		"mail.acme.co.uk": "acme.co.uk",
		"ACME.com.":       "acme.com",
		"a.b.c.aero.org":  "aero.org",
		"co.uk":           "co.uk",
		"[127.0.0.1]":     "[127.0.0.1]",
	} {
		if got := RegistrableDomain(in); got != want {
			t.Errorf("RegistrableDomain(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDefaultFreeMailDomainsIsACopy(t *testing.T) {
	a := DefaultFreeMailDomains()
	a[0] = "changed.example"
	if DefaultFreeMailDomains()[0] == "changed.example" {
		t.Fatal("editing the returned list changed the built-in list")
	}
}

func TestDecideManyRecipientsIsLinear(t *testing.T) {
	c := testClassifier(t, nil)
	to := make([]Address, 20_000)
	for i := range to {
		to[i] = Address{Address: "p" + strconv.Itoa(i) + "@acme.com"}
	}
	start := time.Now()
	d := c.Decide(MailFacts{Author: Address{Address: "jane@acme.com"}, To: to, Cc: to}, nil)
	if len(d.Participants) != 20_001 || !d.History {
		t.Fatalf("%d participants, history %v", len(d.Participants), d.History)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Fatalf("20,000 recipients took %v", el)
	}
}
