package main

import "strings"

// query is one search in each tool's syntax, with the same meaning.
// Parley's before: is exclusive, notmuch's and mu's ranges inclusive, so
// ranges end the day before.
type query struct {
	Name    string `json:"name"` // what it exercises
	Parley  string `json:"parley"`
	Notmuch string `json:"notmuch"`
	Mu      string `json:"mu"`
}

// corpusQueries are what a support engineer and a file-system engineer
// type over the real corpus: names, addresses, phrases, rare and common
// words, dates, filters, exclusion, OR.
var corpusQueries = []query{
	{"common word (most list mail)", "btrfs", "btrfs", "btrfs"},
	{"common word", "patch", "patch", "patch"},
	{"common word, other list", "usrp", "usrp", "usrp"},
	{"phrase", `"free space"`, `"free space"`, `"free space"`},
	{"phrase", `"transaction abort"`, `"transaction abort"`, `"transaction abort"`},
	{"phrase and word", `"gnu radio" b210`, `"gnu radio" and b210`, `"gnu radio" AND b210`},
	{"sender address", "from:wqu@suse.com", "from:wqu@suse.com", "from:wqu@suse.com"},
	{"sender address (persona)", "from:martin.braun@ettus.com", "from:martin.braun@ettus.com", "from:martin.braun@ettus.com"},
	{"sender name", "from:braun", "from:braun", "from:braun"},
	{"person, full name", `"David Sterba"`, `"David Sterba"`, `"David Sterba"`},
	{"company name", "ettus", "ettus", "ettus"},
	{"recipient and word", "to:dsterba@suse.cz scrub", "to:dsterba@suse.cz and scrub", "to:dsterba@suse.cz AND scrub"},
	{"word and date", "raid56 after:2026-01-01", "raid56 and date:2026-01-01..", "raid56 AND date:20260101.."},
	{"date range only", "after:2026-03-01 before:2026-03-15", "date:2026-03-01..2026-03-14", "date:20260301..20260314"},
	{"old and a word", "before:2025-06-01 firmware", "date:..2025-05-31 and firmware", "date:..20250531 AND firmware"},
	{"exclusion", "balance -convert", "balance and not convert", "balance AND NOT convert"},
	{"OR", "x310 OR n310", "x310 or n310", "x310 OR n310"},
	{"subject", "subject:regression", "subject:regression", "subject:regression"},
	{"attachment filter and word", "has:attachment fpga", "tag:attachment and fpga", "flag:attach AND fpga"},
	{"kind filter and word", "kind:email timeout", "timeout", "timeout"},
	{"two words", "qgroup rescan", "qgroup and rescan", "qgroup AND rescan"},
	{"rare tool name", "uhd_usrp_probe", "uhd_usrp_probe", "uhd_usrp_probe"},
	{"rare-ish word", "zoned", "zoned", "zoned"},
	{"accents", "Müller", "Müller", "Müller"},
	{"rare word", "dpdk throughput", "dpdk and throughput", "dpdk AND throughput"},
}

// corpusPrefixes are typed into the typeahead, one letter at a time.
var corpusPrefixes = []string{"m", "ma", "mar", "mart", "braun", "e", "et", "ettus", "s", "su", "suse", "wq", "da", "dav", "ster", "j", "jo", "jos", "ora", "wd"}

// generatedQueries are the same shapes over a generated mailbox; the
// people and company come from the mailbox itself (genStats).
func generatedQueries(st genStats) []query {
	name := st.MidName
	last := name[strings.LastIndexByte(name, ' ')+1:]
	return []query{
		{"common word", "calibration", "calibration", "calibration"},
		{"common word", "firmware", "firmware", "firmware"},
		{"less common word", "headcount", "headcount", "headcount"},
		{"phrase", `"predictive maintenance"`, `"predictive maintenance"`, `"predictive maintenance"`},
		{"phrase", `"older buildings"`, `"older buildings"`, `"older buildings"`},
		{"phrase and word", `"audit exports" gateway`, `"audit exports" and gateway`, `"audit exports" AND gateway`},
		{"sender address, most frequent customer", "from:" + st.TopAddr, "from:" + st.TopAddr, "from:" + st.TopAddr},
		{"sender address, rare customer", "from:" + st.RareAddr, "from:" + st.RareAddr, "from:" + st.RareAddr},
		{"recipient address", "to:" + st.TopAddr, "to:" + st.TopAddr, "to:" + st.TopAddr},
		{"person, full name", `"` + name + `"`, `"` + name + `"`, `"` + name + `"`},
		{"sender surname", "from:" + strings.ToLower(last), "from:" + strings.ToLower(last), "from:" + strings.ToLower(last)},
		{"company domain", "from:" + st.MidDomain, "from:" + st.MidDomain, "from:" + st.MidDomain},
		{"word and date", "calibration after:2026-10-01", "calibration and date:2026-10-01..", "calibration AND date:20261001.."},
		{"date range only", "after:2025-03-01 before:2025-03-15", "date:2025-03-01..2025-03-14", "date:20250301..20250314"},
		{"old and a word", "before:2024-01-01 firmware", "date:..2023-12-31 and firmware", "date:..20231231 AND firmware"},
		{"exclusion", "calibration -battery", "calibration and not battery", "calibration AND NOT battery"},
		{"OR", "gateway OR vibration", "gateway or vibration", "gateway OR vibration"},
		{"subject", "subject:audit", "subject:audit", "subject:audit"},
		{"attachment filter and word", "has:attachment retention", "tag:attachment and retention", "flag:attach AND retention"},
		{"kind filter and word", "kind:email escalation", "escalation", "escalation"},
		{"newsletter phrase", `"FieldOps Weekly"`, `"FieldOps Weekly"`, `"FieldOps Weekly"`},
		{"two words, person and topic", strings.ToLower(last) + " calibration", strings.ToLower(last) + " and calibration", strings.ToLower(last) + " AND calibration"},
		{"rare sender and word", "from:" + st.RareAddr + " maintenance", "from:" + st.RareAddr + " and maintenance", "from:" + st.RareAddr + " AND maintenance"},
		{"word nowhere", "zeppelin", "zeppelin", "zeppelin"},
	}
}

// generatedPrefixes are typed into the typeahead over a generated mailbox.
func generatedPrefixes(st genStats) []string {
	name := strings.ToLower(st.MidName)
	out := []string{"a", "al", "ale", "m", "ma", "mar", "n", "no", "nor", "north", "gra", "granite", "iron", "bau", "weber", "sam"}
	for i := 1; i <= min(len(name), 4); i++ {
		out = append(out, name[:i])
	}
	return out
}
