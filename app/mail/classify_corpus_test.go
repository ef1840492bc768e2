package mail

import (
	"path/filepath"
	"strings"
	"testing"

	"parley/app/crm"
)

// TestClassifyCorpus runs the support engineer persona of the corpus
// README over every message and checks the decisions against what the raw
// headers say, read with the test's own header reader.
func TestClassifyCorpus(t *testing.T) {
	const me = "martin.braun@ettus.com"
	persona := crm.ClassifierConfig{MyAddresses: []string{me}, InternalDomains: []string{"ettus.com", "ni.com", "emerson.com"}}
	c, err := crm.NewClassifier(persona)
	if err != nil {
		t.Fatal(err)
	}
	persona.ListMailIsHistory = true
	all, err := crm.NewClassifier(persona)
	if err != nil {
		t.Fatal(err)
	}
	var history, outbound, leftList int
	domains := map[string]bool{}
	reasons := map[string]int{}
	for _, m := range loadParseCorpus(t) {
		name := filepath.Base(m.path)
		p, _ := Parse(m.raw, Limits{})
		h := tinyHeaders(m.raw)
		direct := strings.Contains(strings.ToLower(h["from"]+h["reply-to"]), me) && !strings.Contains(strings.ToLower(h["from"]), "via") ||
			strings.Contains(strings.ToLower(h["to"]+","+h["cc"]), me)
		d := c.Decide(p.Facts(), nil)
		if d.Automated {
			t.Errorf("%s: list mail written by a person classed as automated", name)
		}
		if !direct && d.LeftOut != crm.LeftOutList {
			t.Errorf("%s: I am not a participant, yet %q (history %v)", name, d.LeftOut, d.History)
		}
		if direct && d.LeftOut == crm.LeftOutList {
			t.Errorf("%s: I am a participant, yet left out as list mail", name)
		}
		if p.Author().Address == me && d.Direction != crm.Outbound {
			t.Errorf("%s: my message is %s", name, d.Direction)
		}
		for _, dom := range d.AccountDomains {
			if dom == "ettus.com" || dom == "gmail.com" || strings.HasSuffix(dom, "kernel.org") && dom != "kernel.org" {
				t.Errorf("%s: account domain %q", name, dom)
			}
			domains[dom] = true
		}
		if d.History {
			history++
		}
		if d.Direction == crm.Outbound {
			outbound++
		}
		if d.LeftOut == crm.LeftOutList {
			leftList++
		} else {
			reasons[d.LeftOut]++
		}
		if da := all.Decide(p.Facts(), nil); da.LeftOut == crm.LeftOutList {
			t.Errorf("%s: list mail left out although the option counts it", name)
		}
	}
	t.Logf("support persona: %d history, %d outbound, %d list mail left out, %d account domains; the rest: %v", history, outbound, leftList, len(domains), reasons)
	if outbound < 150 || history < 40 {
		t.Fatalf("too little history for the support persona: %d history, %d outbound", history, outbound)
	}
}
