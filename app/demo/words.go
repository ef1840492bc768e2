package demo

import (
	"math/rand/v2"
	"strings"
)

// Sentence parts for newsletter and filler prose: readable business text
// without copying anybody's writing.
var (
	sentenceSubjects = []string{
		"Maintenance teams", "Plant managers", "Our customers", "Field technicians", "Quality leads", "Operations directors",
		"Fleet managers", "Facility teams", "Most sites we visit", "Smaller plants", "Cold-chain auditors", "Reliability engineers",
	}
	sentenceVerbs = []string{
		"are moving", "keep asking about", "now budget for", "struggle with", "have standardised on", "are rethinking",
		"report better results from", "underestimate", "spend too long on", "want clearer numbers on",
	}
	sentenceObjects = []string{
		"condition monitoring", "alarm escalation", "sensor calibration", "battery replacement", "gateway placement",
		"remote firmware updates", "data retention", "audit exports", "temperature mapping", "vibration baselines",
		"predictive maintenance", "night-shift coverage",
	}
	sentenceTails = []string{
		"this quarter", "after the last audit", "before the busy season", "across all shifts", "without adding headcount",
		"when budgets are tight", "once the pilot is done", "at every site", "in older buildings", "for the first time",
	}
)

// sentence is one generated sentence.
func sentence(r *rand.Rand) string {
	return sentenceSubjects[r.IntN(len(sentenceSubjects))] + " " + sentenceVerbs[r.IntN(len(sentenceVerbs))] + " " +
		sentenceObjects[r.IntN(len(sentenceObjects))] + " " + sentenceTails[r.IntN(len(sentenceTails))] + "."
}

// paragraph is n sentences wrapped at 72 columns.
func (g *gen) paragraph(n int) string { return paragraphOf(g.rng, n) }

func paragraphOf(r *rand.Rand, n int) string {
	s := make([]string, n)
	for i := range s {
		s[i] = sentence(r)
	}
	return wrap(strings.Join(s, " "), 72)
}

func wrap(s string, width int) string {
	var b strings.Builder
	col := 0
	for i, w := range strings.Fields(s) {
		if i > 0 {
			if col+1+len(w) > width {
				b.WriteByte('\n')
				col = 0
			} else {
				b.WriteByte(' ')
				col++
			}
		}
		b.WriteString(w)
		col += len(w)
	}
	return b.String()
}
