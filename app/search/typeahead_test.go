package search

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"

	"parley/app/crm"
)

func TestTypeahead(t *testing.T) {
	ta := NewTypeahead()
	ta.Load(
		[]*crm.Account{
			{ID: "a_acme", Name: "Acme Pumpen GmbH", Domains: []string{"acme.de"}, LastAt: 10},
			{ID: "a_ettus", Name: "Ettus Research", Domains: []string{"ettus.com"}, Aliases: []string{"NI"}, LastAt: 30},
			{ID: "a_old", Name: "Acme Old", MergedInto: "a_acme"},
		},
		[]*crm.Contact{
			{ID: "c_anna", Name: "Anna Müller", Addresses: []string{"anna.mueller@acme.de"}, AccountID: "a_acme", LastAt: 20},
			{ID: "c_martin", Name: "Martin Braun", Addresses: []string{"martin.braun@ettus.com"}, AccountID: "a_ettus", LastAt: 40},
			{ID: "c_marta", Name: "Marta Ruiz", Addresses: []string{"marta@example.org"}, LastAt: 5},
		},
	)
	names := func(ss []Suggestion) []crm.ID {
		out := []crm.ID{}
		for _, s := range ss {
			out = append(out, s.ID)
		}
		return out
	}
	cases := []struct {
		q, kind string
		want    []crm.ID
	}{
		{"mar", "", []crm.ID{"c_martin", "c_marta"}},       // prefix, most recent first
		{"MAR bra", "", []crm.ID{"c_martin"}},              // every word must match
		{"mull", "", []crm.ID{"c_anna"}},                   // folded: Müller
		{"mueller", "", []crm.ID{"c_anna"}},                // address part
		{"acme", "", []crm.ID{"c_anna", "a_acme"}},         // both whole words: most recent first; the merged-away account is gone
		{"acme", KindPerson, []crm.ID{"c_anna"}},           // kind filter
		{"ettus.com", "", []crm.ID{"c_martin", "a_ettus"}}, // domain
		{"acm", "", []crm.ID{"c_anna", "a_acme"}},          // prefix only
		{"pumpen", "", []crm.ID{"a_acme"}},
		{"martin.braun@ettus.com", "", []crm.ID{"c_martin"}},
		{"com", "", []crm.ID{}}, // top-level domains are not tokens
		{"ni", KindAccount, []crm.ID{"a_ettus"}},
		{"", "", []crm.ID{}},
	}
	for _, c := range cases {
		if got := names(ta.Suggest(c.q, c.kind, 10)); !slices.Equal(got, c.want) {
			t.Errorf("Suggest(%q, %q) = %v, want %v", c.q, c.kind, got, c.want)
		}
	}

	// Resolver: ids, whole names, then prefixes.
	if got := ta.ResolveAccounts("a_ettus"); !slices.Equal(got, []crm.ID{"a_ettus"}) {
		t.Errorf("resolve id: %v", got)
	}
	if got := ta.ResolveAccounts("acme pumpen"); !slices.Equal(got, []crm.ID{"a_acme"}) {
		t.Errorf("resolve name: %v", got)
	}
	if got := ta.ResolvePeople("Anna Muller"); !slices.Equal(got, []crm.ID{"c_anna"}) {
		t.Errorf("resolve person: %v", got)
	}
	if got := ta.ResolvePeople("a_ettus"); len(got) != 0 {
		t.Errorf("an account id resolved as a person: %v", got)
	}

	// Incremental updates.
	ta.Put(&crm.Contact{ID: "c_marta", Name: "Marta Schmidt", Addresses: []string{"marta@example.org"}, LastAt: 50})
	if got := names(ta.Suggest("ruiz", "", 10)); len(got) != 0 {
		t.Errorf("old name still found: %v", got)
	}
	if got := names(ta.Suggest("schm", "", 10)); !slices.Equal(got, []crm.ID{"c_marta"}) {
		t.Errorf("new name: %v", got)
	}
	ta.Apply([]Change{{Seq: 1, ID: "c_martin"}})
	if got := names(ta.Suggest("mar", "", 10)); !slices.Equal(got, []crm.ID{"c_marta"}) {
		t.Errorf("after remove: %v", got)
	}
	ta.Put(&crm.Account{ID: "a_ettus", Name: "Ettus", MergedInto: "a_acme"})
	if ta.Len() != 3 {
		t.Errorf("Len = %d, want 3", ta.Len())
	}
	// The token list stays sorted and holds exactly the live tokens.
	if !sort.StringsAreSorted(ta.tokens) || len(ta.tokens) != len(ta.post) {
		t.Errorf("tokens %d sorted=%v, postings %d", len(ta.tokens), sort.StringsAreSorted(ta.tokens), len(ta.post))
	}
}

var firstNames = []string{"Anna", "Martin", "Marta", "José", "Zoë", "Lukas", "Sofia", "Jan", "Ingrid", "Pierre", "Wei", "Aiko", "Olu", "Priya", "Tomás", "Eva"}
var lastNames = []string{"Müller", "Braun", "Ruiz", "García", "Schmidt", "Nakamura", "Okafor", "Dubois", "Larsen", "Kowalski", "Novak", "Rossi", "Silva", "Chen", "Patel", "Smith"}
var words = []string{"acme", "global", "pumps", "systems", "logistics", "nordic", "solar", "bio", "tech", "foods", "metal", "robotics", "analytics", "marine", "alpine", "urban"}

// syntheticDirectory is accounts and people at the scale of a big book of
// business: 20,000 accounts, 100,000 contacts.
func syntheticDirectory(r *rand.Rand, nAcc, nCon int) ([]*crm.Account, []*crm.Contact) {
	accs := make([]*crm.Account, nAcc)
	for i := range accs {
		n := fmt.Sprintf("%s %s %d", words[r.IntN(len(words))], words[r.IntN(len(words))], i)
		accs[i] = &crm.Account{ID: crm.ID(fmt.Sprintf("a_%06d", i)), Name: n, Domains: []string{fmt.Sprintf("%s%d.example", words[r.IntN(len(words))], i)}, LastAt: r.Int64N(1e12)}
	}
	cons := make([]*crm.Contact, nCon)
	for i := range cons {
		f, l := firstNames[r.IntN(len(firstNames))], lastNames[r.IntN(len(lastNames))]
		cons[i] = &crm.Contact{ID: crm.ID(fmt.Sprintf("c_%06d", i)), Name: f + " " + l,
			Addresses: []string{fmt.Sprintf("%s.%s%d@%s", f, l, i, accs[r.IntN(nAcc)].Domains[0])}, LastAt: r.Int64N(1e12)}
	}
	return accs, cons
}

// BenchmarkTypeahead measures Suggest over 120,000 entries with prefixes
// of one to a dozen characters and reports latency percentiles.
func BenchmarkTypeahead(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	accs, cons := syntheticDirectory(r, 20000, 100000)
	ta := NewTypeahead()
	start := time.Now()
	ta.Load(accs, cons)
	b.ReportMetric(float64(time.Since(start).Milliseconds()), "load-ms")
	queries := []string{"m", "ma", "mar", "mart", "martin br", "müll", "muller", "acme", "acme glo", "so", "sofia ch", "pumps", "robotics 12",
		"zoë", "zoe ok", "anna.müller", "example", "tech3", "p", "jan nov", "ingrid larsen"}
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		q := queries[i%len(queries)]
		t0 := time.Now()
		ta.Suggest(q, "", 8)
		lat = append(lat, time.Since(t0))
		if i%50 == 0 { // an update now and then, as the feed delivers them
			c := cons[r.IntN(len(cons))]
			ta.Put(&crm.Contact{ID: c.ID, Name: c.Name + " Jr", Addresses: c.Addresses, LastAt: c.LastAt})
		}
	}
	reportPercentiles(b, lat)
}

func reportPercentiles(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(int(p*float64(len(lat))), len(lat)-1)].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}
