package mail

import "testing"

func TestHTMLToText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"paragraphs", "<p>One</p><p>Two</p>", "One\n\nTwo"},
		{"line breaks", "a<br>b<br/>c", "a\nb\nc"},
		{"white space collapses", "<div>  lots \n of\t space&nbsp;here </div>", "lots of space here"},
		{"script and style dropped", "<style>.x{}</style><script>var a=1;</script><p>kept</p>", "kept"},
		{"head dropped", "<html><head><title>T</title><meta charset=utf-8></head><body>body</body></html>", "body"},
		{"unclosed head still shows the body", "<head><title>T</title><body><p>body</p>", "body"},
		{"links keep their text", `<p>See <a href="https://x.example/a">the docs</a>.</p>`, "See the docs."},
		{"unordered list", "<ul><li>one</li><li>two</li></ul>", "- one\n- two"},
		{"ordered list", "<ol><li>one<li>two</ol>", "1. one\n2. two"},
		{"table rows", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>", "a b\nc d"},
		{"entities", "<p>caf&eacute; &amp; &lt;tag&gt;</p>", "café & <tag>"},
		{"blockquote becomes quoted lines", "<div>Reply</div><div>On Mon, Jane wrote:</div><blockquote><p>first</p><p>second</p></blockquote>",
			"Reply\nOn Mon, Jane wrote:\n\n> first\n\n> second"},
		{"pre keeps lines", "<pre>a  b\n  c</pre>", "a  b\n  c"},
		{"inline tags join words", "<b>bo</b>ld <i>it</i>alic", "bold italic"},
		{"zero-width characters dropped", "pre\u200bheader\u200c text", "preheader text"},
		{"comments dropped", "a<!-- hidden -->b", "ab"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		if got := htmlToText(tt.in); got != tt.want {
			t.Errorf("%s: htmlToText(%q)\n got %q\nwant %q", tt.name, tt.in, got, tt.want)
		}
	}
}
