package mail

import "testing"

func TestQuoteStart(t *testing.T) {
	tests := []struct {
		name string
		text string
		new  string // Text[:QuoteStart]
	}{
		{"no quote", "Just a note.\nThanks", "Just a note.\nThanks"},
		{"top post with attribution", "Sounds good.\n\nOn Mon, 3 Feb 2025, Jane <j@acme.com> wrote:\n> Shall we?\n> Yes\n", "Sounds good.\n\n"},
		{"wrapped attribution", "Yes.\n\nOn Thu, Dec 12, 2024 at 1:24 PM Tim V <\ntim@x.com> wrote:\n\n> Hi all\n", "Yes.\n\n"},
		{"German attribution", "Ja.\n\nAm 3. Feb. 2025 um 10:00 schrieb Jane <j@acme.de>:\n> Frage\n", "Ja.\n\n"},
		{"quote without attribution", "Agreed\n> earlier text\n>\n> more\n", "Agreed\n"},
		{"interleaved keeps my comments", "On Mon, Jane wrote:\n> point one\nMy answer one\n> point two\nMy answer two\n", "On Mon, Jane wrote:\n> point one\nMy answer one\n> point two\nMy answer two\n"},
		{"interleaved with trailing quote", "> point one\nanswer\n> rest of the patch\n> more\n", "> point one\nanswer\n"},
		{"signature", "Thanks\n-- \nJane Doe\nAcme Corp\n", "Thanks\n"},
		{"signature without the space", "Thanks\n--\nJane\n", "Thanks\n"},
		{"signature before a quote", "Thanks\n-- \nJane\n\nOn Mon, Bob wrote:\n> hi\n", "Thanks\n"},
		{"Outlook original message", "See below.\n\n-----Original Message-----\nFrom: Bob\nSent: Monday\nSubject: x\n\nold text\n", "See below.\n\n"},
		{"Outlook header block", "Fine by me.\n\nFrom: Bob Smith <bob@acme.com>\nSent: Monday, February 3, 2025 10:00 AM\nTo: Jane\nSubject: RE: plan\n\nold text\n", "Fine by me.\n\n"},
		{"Outlook rule before header block", "Fine.\n\n________________________________\nFrom: Bob Smith <bob@acme.com>\nSent: Monday\n\nold\n", "Fine.\n\n"},
		{"German Outlook block", "Passt.\n\nVon: Bob <bob@acme.de>\nGesendet: Montag, 3. Februar 2025 10:00\nAn: Jane\n\nalt\n", "Passt.\n\n"},
		{"mailing list footer", "Body text\n_______________________________________________\nUSRP-users mailing list -- usrp-users@lists.ettus.com\n", "Body text\n"},
		{"patch From and Date lines are content", "From: Jane <j@x.org>\nDate: Mon, 3 Feb 2025\n\nfix the leak\n", "From: Jane <j@x.org>\nDate: Mon, 3 Feb 2025\n\nfix the leak\n"},
		{"wrote without a quote is content", "He wrote:\nnothing quoted here", "He wrote:\nnothing quoted here"},
		{"all quoted", "> only\n> quotes\n", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		got := quoteStart(tt.text)
		if got < 0 || got > len(tt.text) || tt.text[:got] != tt.new {
			t.Errorf("%s: new part %q, want %q", tt.name, tt.text[:max(0, min(got, len(tt.text)))], tt.new)
		}
	}
}
