package mail

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlToText turns an HTML body into readable text: script, style and head
// are dropped; paragraphs, line breaks, list items and table rows become
// lines; links keep their text; blockquotes become "> " quoted lines so
// quote detection sees them. It streams tokens and never builds a tree.
func htmlToText(src string) string {
	z := html.NewTokenizer(strings.NewReader(src))
	var c htmlText
	c.b.Grow(len(src) / 3)
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return c.finish()
		case html.TextToken:
			if c.skip == 0 {
				c.text(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			c.start(atom.Lookup(name), tt == html.SelfClosingTagToken)
		case html.EndTagToken:
			name, _ := z.TagName()
			c.end(atom.Lookup(name))
		}
	}
}

// htmlText accumulates the text of an HTML document.
type htmlText struct {
	b        strings.Builder
	skip     int   // inside script/style/head/...
	pre      int   // inside <pre>
	quote    int   // blockquote depth
	lists    []int // item counters; -1 for unordered lists
	newlines int   // line breaks owed before the next text
	space    bool  // a space is owed before the next word
	cell     bool  // a table cell already written in this row
}

func (c *htmlText) start(a atom.Atom, selfClosing bool) {
	switch a {
	case atom.Script, atom.Style, atom.Head, atom.Title, atom.Noscript, atom.Template, atom.Svg, atom.Object:
		if !selfClosing {
			c.skip++
		}
	case atom.Body:
		c.skip = 0 // a <head> left open must not swallow the body
	case atom.Br:
		c.breakLine(1)
	case atom.P, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Table, atom.Hr:
		c.breakLine(2)
	case atom.Div, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Address, atom.Center,
		atom.Form, atom.Fieldset, atom.Dl, atom.Dt, atom.Dd, atom.Figure, atom.Main, atom.Nav:
		c.breakLine(1)
	case atom.Tr:
		c.breakLine(1)
		c.cell = false
	case atom.Td, atom.Th:
		if c.cell {
			c.space = true
		}
		c.cell = true
	case atom.Ul:
		c.breakLine(1)
		c.lists = append(c.lists, -1)
	case atom.Ol:
		c.breakLine(1)
		c.lists = append(c.lists, 0)
	case atom.Li:
		c.breakLine(1)
		marker := "- "
		if n := len(c.lists); n > 0 && c.lists[n-1] >= 0 {
			c.lists[n-1]++
			marker = strconv.Itoa(c.lists[n-1]) + ". "
		}
		c.write(marker)
		c.space = false
	case atom.Blockquote:
		c.breakLine(1)
		c.quote++
	case atom.Pre:
		c.breakLine(1)
		c.pre++
	}
}

func (c *htmlText) end(a atom.Atom) {
	switch a {
	case atom.Script, atom.Style, atom.Head, atom.Title, atom.Noscript, atom.Template, atom.Svg, atom.Object:
		if c.skip > 0 {
			c.skip--
		}
	case atom.P, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Table:
		c.breakLine(2)
	case atom.Div, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Address, atom.Center,
		atom.Form, atom.Fieldset, atom.Dl, atom.Dt, atom.Dd, atom.Figure, atom.Main, atom.Nav, atom.Li, atom.Tr:
		c.breakLine(1)
	case atom.Ul, atom.Ol:
		if n := len(c.lists); n > 0 {
			c.lists = c.lists[:n-1]
		}
		c.breakLine(1)
	case atom.Blockquote:
		if c.quote > 0 {
			c.quote--
		}
		c.breakLine(1)
	case atom.Pre:
		if c.pre > 0 {
			c.pre--
		}
		c.breakLine(1)
	}
}

// breakLine owes n line ends (1: new line, 2: blank line) before the next
// text; breaks never pile up beyond a blank line.
func (c *htmlText) breakLine(n int) {
	if c.b.Len() == 0 {
		return
	}
	if n > c.newlines {
		c.newlines = n
	}
	c.space = false
}

// write emits owed line ends, the quote prefix at a line start, and s.
func (c *htmlText) write(s string) {
	if c.newlines > 0 {
		for i := 0; i < c.newlines; i++ {
			c.b.WriteByte('\n')
		}
		c.newlines = 0
		c.prefix()
	} else if c.b.Len() == 0 {
		c.prefix()
	} else if c.space {
		c.b.WriteByte(' ')
	}
	c.space = false
	c.b.WriteString(s)
}

func (c *htmlText) prefix() {
	for i := 0; i < c.quote; i++ {
		c.b.WriteString("> ")
	}
}

func (c *htmlText) text(raw []byte) {
	if c.pre > 0 {
		lines := strings.Split(string(raw), "\n")
		for i, l := range lines {
			if i > 0 {
				c.newlines = 1
			}
			if l = strings.TrimRight(l, "\r"); l != "" {
				c.write(l)
			}
		}
		return
	}
	// Collapse white space (including no-break spaces) to single spaces
	// and drop zero-width characters.
	s := string(raw)
	start := -1
	for i := 0; i <= len(s); {
		r, size := rune(' '), 1
		if i < len(s) {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if i == len(s) || unicode.IsSpace(r) || isZeroWidth(r) {
			if start >= 0 {
				c.write(s[start:i])
				start = -1
			}
			if i < len(s) && unicode.IsSpace(r) && c.b.Len() > 0 {
				c.space = true
			}
		} else if start < 0 {
			start = i
		}
		i += size
	}
}

func isZeroWidth(r rune) bool {
	return r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff' || r == '\u034f' || r == '\u00ad'
}

func (c *htmlText) finish() string {
	return cleanBody(strings.TrimSpace(c.b.String()))
}
