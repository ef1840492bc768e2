package demo

import (
	"fmt"
	"strings"
)

// fillerKind is a short, everyday thread shape between the rep and a
// customer contact.
type fillerKind struct {
	subject string
	// steps alternate sender: even steps from opener, odd from the other
	// side. samOpens says who writes first.
	samOpens bool
	steps    []string
	// autoReply: the customer's answer is an out-of-office auto-reply.
	autoReply bool
}

var fillerKinds = []fillerKind{
	{subject: "Site visit next week", samOpens: true, steps: []string{
		"Hi {first},\n\nI'll be in your area next week. Could I stop by {day} to check on the gateways and meet the team?\n\n{me}",
		"Hi {me},\n\n{day} works. Come to the front desk and ask for me.\n\n{first}",
		"Great, see you then.\n\n{me}"}},
	{subject: "Shipping status for order {n}", steps: []string{
		"Hi {me},\n\nCould you check where order {n} is? We expected it yesterday.\n\nThanks,\n{first}",
		"Hi {first},\n\nIt left our warehouse on time but the carrier is a day late. Tracking shows delivery {day}.\n\n{me}",
		"Thanks for checking.\n\n{first}"}},
	{subject: "Training session for the {team} team", steps: []string{
		"Hi {me},\n\nWe have new people on the {team} team. Could you run a one-hour training on alarms and reports?\n\n{first}",
		"Hi {first},\n\nOf course. How about {day} at 10? I'll send a calendar invite.\n\n{me}"}},
	{subject: "Quick question on {topic}", samOpens: true, autoReply: true, steps: []string{
		"Hi {first},\n\nQuick one: who on your side should I talk to about {topic}?\n\nThanks,\n{me}",
		"Thank you for your message. I am out of the office until {day} with limited access to email. For urgent matters, please call the front desk.\n\n{first}"}},
	{subject: "Dashboard access for a new colleague", steps: []string{
		"Hi {me},\n\nCould you give our new {team} lead access to the dashboard? Same permissions as mine.\n\n{first}",
		"Done. She'll get an invitation email today; the link is valid for seven days.\n\n{me}",
		"Perfect, thank you!\n\n{first}"}},
	{subject: "Battery replacement schedule", steps: []string{
		"Hi {me},\n\nSeveral sensors show battery at 20%. Is there a replacement schedule, or do we swap them ourselves?\n\n{first}",
		"Hi {first},\n\nYou can swap them: standard AA lithium cells, about five minutes per sensor. I'll send the how-to video link.\n\n{me}"}},
	{subject: "Firmware 3.3 rollout", samOpens: true, steps: []string{
		"Hi {first},\n\nHeads-up: firmware 3.3 rolls out to your gateways {day} overnight. No action needed; data gaps under five minutes are backfilled.\n\n{me}",
		"Thanks for the warning, I'll let the night shift know.\n\n{first}"}},
	{subject: "Webinar: new alarm features", samOpens: true, steps: []string{
		"Hi {first},\n\nWe're running a 30-minute webinar on the new alarm rules {day}. Thought it might interest your {team} team.\n\n{me}",
		"Thanks, two of us registered.\n\n{first}"}},
	{subject: "Case study?", samOpens: true, steps: []string{
		"Hi {first},\n\nWould {co} be open to a short case study about the results so far? You'd approve every word.\n\n{me}",
		"Possibly. Let me check with our marketing team and get back to you.\n\n{first}"}},
	{subject: "Notes from today's call", samOpens: true, steps: []string{
		"Hi {first},\n\nThanks for the call. Notes:\n\n- alarm thresholds for the {team} area to be reviewed\n- two more sensors for the loading area\n- next check-in in a month\n\n{me}",
		"One addition: we also want the weekly report sent to our {team} lead.\n\n{first}",
		"Added, thanks.\n\n{me}"}},
}

var (
	fillerTeams  = []string{"maintenance", "night shift", "quality", "facilities", "operations", "warehouse"}
	fillerTopics = []string{"data retention", "the API", "invoicing", "the spare parts list", "on-site safety training"}
	fillerDays   = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}
)

// storyFiller adds everyday threads chosen by the seed. Cedar Ridge gets
// none: its story is that it went quiet.
func (g *gen) storyFiller(perAccount int) {
	c := g.c
	for _, co := range []*company{c.acme, c.globex, c.bluefin, c.harborview, c.orbital} {
		people := c.people(co)
		for i := 0; i < perAccount; i++ {
			kind := fillerKinds[g.rng.IntN(len(fillerKinds))]
			cust := people[g.rng.IntN(len(people))]
			vars := strings.NewReplacer(
				"{first}", cust.first(), "{me}", "Sam", "{co}", co.name,
				"{n}", fmt.Sprintf("SO-%05d", 10000+g.rng.IntN(90000)),
				"{day}", fillerDays[g.rng.IntN(len(fillerDays))],
				"{team}", fillerTeams[g.rng.IntN(len(fillerTeams))],
				"{topic}", fillerTopics[g.rng.IntN(len(fillerTopics))],
			)
			g.fillerThread(kind, vars, cust, 4+g.rng.IntN(33))
		}
	}
}

func (g *gen) fillerThread(kind fillerKind, vars *strings.Replacer, cust *person, daysAgo int) {
	sam := g.c.sam
	t := g.thread(vars.Replace(kind.subject))
	from, other := cust, sam
	if kind.samOpens {
		from, other = sam, cust
	}
	var opts []opt
	if cust.style == styleOutlook {
		opts = append(opts, withHTML())
	}
	day := daysAgo
	for i, step := range kind.steps {
		text := vars.Replace(step)
		hour := 8 + g.rng.IntN(9)
		if i == 0 {
			t.start(from, to(other), nil, g.at(from, day, hour, g.rng.IntN(60)), text, opts...)
		} else if kind.autoReply {
			m := t.reply(nil, from, to(other), nil, g.at(from, day, hour, 0), text, automated(),
				withHeader("Auto-Submitted", "auto-replied"), withHeader("X-Auto-Response-Suppress", "All"))
			m.subject = "Automatic reply: " + strings.TrimPrefix(m.subject, "Re: ")
			m.quote = ""
		} else {
			t.reply(nil, from, to(other), nil, g.at(from, day, hour, g.rng.IntN(60)), text, opts...)
		}
		from, other = other, from
		if g.rng.IntN(3) > 0 && day > 1 {
			day--
		}
	}
}
