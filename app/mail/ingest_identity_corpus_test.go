package mail

import (
	"context"
	netmail "net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"parley/app/crm"
	"parley/app/store"
)

// readmeCompanies reads the personas table of the corpus README: each
// persona's internal domains are the domains of one company (Ettus, NI and
// Emerson; SUSE in three countries).
func readmeCompanies(t testing.TB) [][]string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(filepath.Dir(parseCorpusRoot(t)), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for _, line := range strings.Split(string(raw), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 5 || !strings.Contains(cells[2], "@") {
			continue
		}
		var company []string
		for _, d := range strings.Split(cells[3], ",") {
			if d = strings.TrimSpace(d); strings.Contains(d, ".") {
				company = append(company, d)
			}
		}
		if len(company) > 1 {
			out = append(out, company)
		}
	}
	if len(out) != 2 {
		t.Fatalf("README: found %d personas' companies, want 2: %v", len(out), out)
	}
	return out
}

// rawName normalises a display name the test's own way: lower case,
// "Last, First" turned round, no list decoration, single spaces; "" unless
// it has two words or more.
func rawName(name string) string {
	name = strings.ToLower(strings.Trim(strings.TrimSpace(name), `"'`))
	if i := strings.Index(name, " via "); i > 0 {
		name = name[:i]
	}
	if last, first, ok := strings.Cut(name, ","); ok {
		name = first + " " + last
	}
	words := strings.Fields(name)
	if len(words) < 2 || strings.Contains(name, "@") {
		return ""
	}
	return strings.Join(words, " ")
}

// rawPeople maps each address of the raw files to the full names it was
// written under.
func rawPeople(files []corpusFile) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, f := range files {
		h := rawHeaders(f.raw)
		for _, field := range []string{"From", "To", "Cc", "Reply-To", "X-Original-From"} {
			list, _ := netmail.ParseAddressList(h.Get(field))
			for _, a := range list {
				if n := rawName(a.Name); n != "" {
					addr := strings.ToLower(a.Address)
					if out[addr] == nil {
						out[addr] = map[string]bool{}
					}
					out[addr][n] = true
				}
			}
		}
	}
	return out
}

// TestCorpusFamiliesAndPeople imports the corpus with list mail counted as
// history (every message through the rules, as the benchmark does) as the
// support engineer, so the SUSE domains of the README are customers, and
// checks the accounts and contacts against the README and the raw files:
//   - a README company's domains that the raw files tie (two people or
//     more writing from both under one name) are one account;
//   - no account joins domains that the README does not give one company
//     (no wrong merge);
//   - a person who wrote from two of one company's domains under one name
//     is one contact; a contact's addresses share a full name in the mail,
//     or are one mailbox name at one company's domains.
func TestCorpusFamiliesAndPeople(t *testing.T) {
	files := readCorpus(t)
	companies := readmeCompanies(t)
	cfg := supportPersona
	cfg.ListMailIsHistory = true
	st := openTestStore(t)
	ingestCorpus(t, st, files, cfg)
	people := rawPeople(files)

	companyOf := map[string]int{}
	for i, c := range companies {
		for _, d := range c {
			companyOf[d] = i + 1
		}
	}
	domainOf := func(addr string) string { return crm.RegistrableDomain(addr[strings.LastIndexByte(addr, '@')+1:]) }
	// Mailbox names written from two domains of one README company, under
	// one full name: domain pair → the mailbox names.
	type pair struct{ a, b string }
	shared := map[pair][]string{}
	sameMailbox := map[string][]string{} // "dsterba|david sterba" → addresses
	for addr, names := range people {
		if companyOf[domainOf(addr)] == 0 {
			continue
		}
		for n := range names {
			k := addr[:strings.IndexByte(addr, '@')] + "|" + n
			sameMailbox[k] = append(sameMailbox[k], addr)
		}
	}
	for _, addrs := range sameMailbox {
		slices.Sort(addrs)
		for i := range addrs {
			for j := i + 1; j < len(addrs); j++ {
				da, db := domainOf(addrs[i]), domainOf(addrs[j])
				if da != db && companyOf[da] == companyOf[db] {
					shared[pair{da, db}] = append(shared[pair{da, db}], addrs[i])
				}
			}
		}
	}

	joined, persons := 0, 0
	err := st.View(context.Background(), func(tx *store.Tx) error {
		accountOf := func(d string) crm.ID {
			id, err := tx.AccountByDomain(d)
			if err != nil {
				return ""
			}
			return id
		}
		for p, mailboxes := range shared {
			a, b := accountOf(p.a), accountOf(p.b)
			if a == "" || b == "" || len(mailboxes) < 2 {
				continue
			}
			joined++
			if a != b {
				t.Errorf("%s and %s are one company (README) with %d people writing from both, yet two accounts", p.a, p.b, len(mailboxes))
			}
		}
		// No wrong merges: a joined account's domains are one README company's.
		tx.Each(crm.KindAccount, func(e crm.Entity) bool {
			a := e.(*crm.Account)
			if a.MergedInto != "" || len(a.Domains) < 2 {
				return true
			}
			for _, d := range a.Domains {
				if companyOf[d] == 0 || companyOf[d] != companyOf[a.Domains[0]] {
					t.Errorf("account %q joins %v, which the README does not give one company", a.Name, a.Domains)
					break
				}
			}
			return true
		})
		// People.
		for k, addrs := range sameMailbox {
			var ids []crm.ID
			for _, addr := range addrs {
				if id, err := tx.ContactByAddress(addr); err == nil {
					ids = append(ids, id)
				}
			}
			if len(ids) < 2 {
				continue
			}
			persons++
			slices.Sort(ids)
			if ids = slices.Compact(ids); len(ids) != 1 {
				t.Errorf("%s wrote from %v under one name, yet is %d contacts", k, addrs, len(ids))
			}
		}
		tx.Each(crm.KindContact, func(e crm.Entity) bool {
			c := e.(*crm.Contact)
			if c.MergedInto != "" || len(c.Addresses) < 2 {
				return true
			}
			common := map[string]int{}
			for _, addr := range c.Addresses {
				for n := range people[addr] {
					common[n]++
				}
			}
			for _, n := range common {
				if n == len(c.Addresses) {
					return true
				}
			}
			first := c.Addresses[0]
			oneMailbox := true
			for _, addr := range c.Addresses {
				same := addr[:strings.IndexByte(addr, '@')] == first[:strings.IndexByte(first, '@')]
				oneMailbox = oneMailbox && same && companyOf[domainOf(addr)] != 0 && companyOf[domainOf(addr)] == companyOf[domainOf(first)]
			}
			if !oneMailbox {
				t.Errorf("contact %q joins %v: neither a full name nor one mailbox at one company ties them", c.Name, c.Addresses)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if joined == 0 || persons == 0 {
		t.Fatalf("the raw files tie %d domain pairs and %d people: the check reads nothing", joined, persons)
	}
	t.Logf("%d README domain pairs tied by the mail, %d people writing from two of a company's domains", joined, persons)
}
