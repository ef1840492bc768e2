package demo

import (
	"fmt"
	"strings"
	"time"
)

// Internal mail between colleagues: weekly pipeline reviews (the rep only
// copied), hand-offs, demo kit logistics.
func (g *gen) storyInternal() {
	c := g.c
	for i, d := range []int{41, 34, 27, 20, 13, 6} {
		week := g.thread(fmt.Sprintf("Pipeline review, week %d", i+1))
		w0 := week.start(c.tom, to(c.sam, c.priya), to(c.lena), g.at(c.tom, d, 7, 30),
			"Team,\n\nPipeline review at 9. Please update close dates and next steps before the call. "+
				g.pick("Focus this week: deals slipping out of the quarter.", "Focus this week: renewals due in the next 90 days.", "Focus this week: stalled deals with no activity in 14 days.")+"\n\nTom")
		if i%2 == 0 {
			week.reply(w0, c.sam, to(c.tom), to(c.priya, c.lena), g.at(c.sam, d, 8, 40),
				"Updated. "+g.pick("Acme moves to commit once the quote is out.", "Globex renewal on track; expansion adds 40 trucks.", "Cedar Ridge has gone quiet, moving it to next quarter.")+"\n\nSam")
		}
	}
	hand := g.thread("Handoff: Globex onboarding for the new trucks")
	hand.start(c.lena, to(c.sam), nil, g.at(c.lena, 16, 13, 0),
		"Sam,\n\nOnce Globex signs I'll run onboarding for the 40 new trucks. Who is the day-to-day contact, Owen or Priscilla?\n\nLena")
	hand.reply(nil, c.sam, to(c.lena), nil, g.at(c.sam, 16, 14, 10),
		"Lena,\n\nOwen for the warehouse and installs, Priscilla for anything contractual. Theo owns SSO on their side.\n\nSam")
	kit := g.thread("Demo kit for the Harborview site visit")
	kit.start(c.sam, to(c.priya), nil, g.at(c.sam, 24, 10, 0), "Priya, can I borrow the demo kit with the pressure sensor for Harborview next month?\n\nSam")
	kit.reply(nil, c.priya, to(c.sam), nil, g.at(c.priya, 23, 9, 0), "It's yours from the 3rd. Please bring the spare gateway back too!\n\nPriya")
	qbr := g.thread("QBR prep on Thursday")
	qbr.start(c.tom, to(c.sam), nil, g.at(c.tom, 3, 15, 0), "Sam, can you join QBR prep Thursday at 11? Bring the Acme and Globex numbers.\n\nTom")
	qbr.reply(nil, c.sam, to(c.tom), nil, g.at(c.sam, 3, 15, 40), "Will do.\n\nSam")
}

// storyBulk adds the newsletter and the notification sender.
func (g *gen) storyBulk() {
	c := g.c
	topics := []string{
		"Predictive maintenance on a budget", "What auditors ask about cold chains", "LoRaWAN vs. cellular for remote sites",
		"Five alarm rules that cut false positives", "Field service KPIs that matter", "Battery life in freezing conditions",
	}
	for i, d := range []int{40, 33, 26, 19, 12, 5} {
		t := g.thread(fmt.Sprintf("FieldOps Weekly #%d: %s", 212+i, topics[i]))
		issue := 212 + i
		t.start(c.newsletter, to(c.sam), nil, g.at(c.newsletter, d, 6, 0),
			"FieldOps Weekly, issue "+fmt.Sprint(issue)+"\n\nThis week: "+topics[i]+".\n\n"+g.paragraph(4)+"\n\n"+g.paragraph(3)+
				"\n\nYou receive this because you subscribed at fieldops-weekly.example.\nUnsubscribe: https://fieldops-weekly.example/u/sam-7f3a",
			withHTML(), automated(),
			withHeader("List-Id", "FieldOps Weekly <weekly.fieldops-weekly.example>"),
			withHeader("List-Unsubscribe", "<https://fieldops-weekly.example/u/sam-7f3a>, <mailto:unsubscribe@fieldops-weekly.example?subject=unsubscribe>"),
			withHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
			withHeader("Precedence", "bulk"))
	}
	reports := []string{"Acme site visit", "Ag expo booth", "Globex QBR dinner", "Harborview parking", "Orbital Brewing visit", "Mileage, week 2"}
	for i, d := range []int{36, 29, 22, 15, 10, 4} {
		t := g.thread(fmt.Sprintf("Expense report \"%s\" approved", reports[i]))
		t.start(c.expenses, to(c.sam), nil, g.at(c.sam, d, 17, 0),
			fmt.Sprintf("Hi Sam,\n\nYour expense report \"%s\" (USD %d.%02d) was approved by Tom Becker and will be paid with the next payroll.\n\nExpensely",
				reports[i], 40+g.rng.IntN(400), g.rng.IntN(100)),
			automated(), withHeader("Auto-Submitted", "auto-generated"), withHeader("Precedence", "bulk"))
	}
}

// sensorCSV is a day-by-day export of vibration readings.
func (g *gen) sensorCSV(days int) []byte {
	var b strings.Builder
	b.WriteString("date,sensor,rms_mm_s,peak_mm_s,temp_c\r\n")
	start := g.now.AddDate(0, 0, -25-days)
	for d := 0; d < days; d++ {
		for s := 1; s <= 4; s++ {
			rms := 1.2 + g.rng.Float64()*0.4
			if s == 2 && d > days-10 {
				rms += float64(d-(days-10)) * 0.35 // the bearing wearing out
			}
			fmt.Fprintf(&b, "%s,L3-S%d,%.2f,%.2f,%.1f\r\n", start.AddDate(0, 0, d).Format("2006-01-02"), s, rms, rms*2.8, 38+g.rng.Float64()*4)
		}
	}
	return []byte(b.String())
}

// calendarInvite is a minimal iCalendar REQUEST.
func calendarInvite(g *gen, summary string, at time.Time) []byte {
	utc := func(t time.Time) string { return t.UTC().Format("20060102T150405Z") }
	lines := []string{
		"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Northwind Demo//Parley demo//EN", "METHOD:REQUEST",
		"BEGIN:VEVENT", fmt.Sprintf("UID:%08x@%s", g.rng.Uint32(), vendorDomain), "DTSTAMP:" + utc(g.now.AddDate(0, 0, -33)),
		"DTSTART:" + utc(at), "DTEND:" + utc(at.Add(45*time.Minute)), "SUMMARY:" + summary,
		"ORGANIZER;CN=Sam Rivera:mailto:sam@" + vendorDomain, "END:VEVENT", "END:VCALENDAR",
	}
	return []byte(strings.Join(lines, "\r\n") + "\r\n")
}
