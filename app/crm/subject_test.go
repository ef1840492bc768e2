package crm

import "testing"

func TestNormalizeSubject(t *testing.T) {
	tests := []struct {
		in, want string
		reply    bool
	}{
		{"Hello world", "hello world", false},
		{"Re: Hello world", "hello world", true},
		{"RE: re: Fwd:  Hello   world ", "hello world", true},
		{"AW: WG: Angebot", "angebot", true},
		{"SV: Offert", "offert", true},
		{"Antw: Offerte", "offerte", true},
		{"[USRP-users] Re: Issue with N300", "issue with n300", true},
		{"Re: [USRP-users] Re: Issue with N300", "issue with n300", true},
		{"[PATCH v2 3/5] btrfs: fix a leak", "btrfs: fix a leak", false},
		{"Re: [PATCH] btrfs: fix a leak", "btrfs: fix a leak", true},
		{"Re[2]: Quote", "quote", true},
		{"Re(3): Quote", "quote", true},
		{"Re : Devis", "devis", true},
		{"回复：报价", "报价", true},
		{"Regarding: the plan", "regarding: the plan", false}, // not a marker word
		{"Re:", "", true},
		{"", "", false},
		{"\tFwd:\n\tRe: X", "x", true},
		{"Re: Ärger", "ärger", true},
	}
	for _, tt := range tests {
		if got := NormalizeSubject(tt.in); got != tt.want {
			t.Errorf("NormalizeSubject(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := HasReplyPrefix(tt.in); got != tt.reply {
			t.Errorf("HasReplyPrefix(%q) = %v, want %v", tt.in, got, tt.reply)
		}
	}
}
