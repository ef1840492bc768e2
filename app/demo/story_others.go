package demo

// Bluefin Foods: an introduction, a promise that went overdue (calibration
// certificates "early next week"), the customer chasing it, and a purchase
// order.
func (g *gen) storyBluefin() {
	c := g.c
	intro := g.thread("Intro: Carla from QA")
	i0 := intro.start(c.greg, to(c.sam), to(c.carla), g.at(c.greg, 28, 16, 0),
		"Sam,\n\nIntroducing Carla Mendes, who runs quality at the plant. She owns the cold-chain audit and wants to see how your sensors log temperatures.\n\nGreg")
	intro.reply(i0, c.sam, to(c.carla), to(c.greg), g.at(c.sam, 27, 9, 15),
		"Thanks Greg (moving you to cc).\n\nCarla, nice to meet you. Would a 30-minute call this week work? I can show the audit trail and the calibration records.\n\nSam")
	intro.reply(nil, c.carla, to(c.sam), nil, g.at(c.carla, 26, 10, 40), "Hi Sam,\n\nTuesday at 2pm Eastern works for me.\n\nCarla")
	follow := g.thread("Follow-up from Tuesday")
	f0 := follow.start(c.sam, to(c.carla), nil, g.at(c.sam, 19, 11, 0),
		"Hi Carla,\n\nThanks for your time on Tuesday. To recap: sensors log every minute, readings are signed, and the audit export is a PDF per cold room.\n\n"+
			"I'll get you the calibration certificates for the probes early next week.\n\nBest,\nSam")
	follow.reply(f0, c.carla, to(c.sam), nil, g.at(c.carla, 1, 15, 10),
		"Hi Sam,\n\nAny update on the calibration certificates? Our audit is next Thursday and the auditor asked for them specifically.\n\nThanks,\nCarla", unread(), flagged())

	po := g.thread("PO 4471: six cold-room sensors")
	po.start(c.nadia, to(c.sam), nil, g.at(c.nadia, 8, 9, 30),
		"Hello Sam,\n\nPlease find attached PO 4471 for six cold-room sensors for the trial in Room B.\n\nNadia Petrova\nPurchasing",
		withAttachment(attachment{name: "PO-4471.pdf", contentType: "application/pdf", data: pdfDocument("Bluefin Foods - Purchase Order 4471", []string{
			"Vendor: Northwind Demo", "6 x FieldSense cold-room temperature sensor", "Delivery: Plant 2, Room B", "Terms: net 30",
		})}))
	po.reply(nil, c.sam, to(c.nadia), to(c.carla), g.at(c.sam, 8, 10, 45), "Hi Nadia,\n\nReceived, thank you. The sensors ship Monday; I've copied Carla so QA knows they are coming.\n\nSam")
}

// Harborview Health (two domains): an RFP with a response, technical
// questions, contract redlines with a promise due Wednesday, and a question
// from a person with a non-ASCII name.
func (g *gen) storyHarborview() {
	c := g.c
	rfp := g.thread("RFP: environmental monitoring for three campuses")
	r0 := rfp.start(c.amelia, to(c.sam), to(c.sean), g.at(c.amelia, 30, 8, 30),
		"Dear Sam,\n\nHarborview Health invites Northwind to respond to the attached RFP for temperature, humidity and pressure monitoring across our three campuses. "+
			"Responses are due in three weeks.\n\nBest regards,\nAmelia Hart", withHTML(),
		withAttachment(attachment{name: "Harborview RFP 2026-14.pdf", contentType: "application/pdf", data: pdfDocument("Harborview Health - RFP 2026-14", []string{
			"Scope: pharmacy, lab and operating room monitoring at three campuses.", "Alarms: escalation to on-call staff within 5 minutes.",
			"Integration: nurse call system and CMMS.", "Responses due in 21 days.",
		})}))
	rfp.reply(r0, c.sam, to(c.amelia), to(c.sean), g.at(c.sam, 29, 9, 0), "Dear Amelia,\n\nThank you for the invitation. We will respond before the deadline.\n\nBest regards,\nSam")
	rfp.reply(nil, c.sam, to(c.amelia), []*person{c.sean, c.tom}, g.at(c.sam, 23, 16, 45), "Dear Amelia,\n\nOur response to RFP 2026-14 is attached.\n\nBest regards,\nSam",
		withAttachment(attachment{name: "Northwind response RFP 2026-14.pdf", contentType: "application/pdf", data: pdfDocument("Northwind Demo - response to RFP 2026-14", []string{
			"1. Sensors: temperature, humidity, differential pressure.", "2. Alarm escalation: SMS, voice, nurse call integration.",
			"3. Validation: IQ/OQ documentation included.", "4. Pricing: see appendix A.",
		})}))
	tech := g.thread("Alarm escalation questions")
	t0 := tech.start(c.sean, to(c.sam), nil, g.at(c.sean, 13, 14, 20),
		"Hi Sam,\n\nA few questions on the RFP response: can alarms escalate to a second on-call person when the first doesn't acknowledge, and do the pressure sensors support 0.01 inH2O resolution?\n\nSean", withHTML())
	tech.reply(t0, c.sam, to(c.sean), to(c.priya), g.at(c.sam, 13, 16, 0),
		"Hi Sean,\n\nYes to both: escalation chains have up to five levels with per-level timeouts, and the differential pressure sensor resolves 0.005 inH2O. Priya (copied) can demo it.\n\nSam")
	red := g.thread("Contract redlines: Master Services Agreement")
	r1 := red.start(c.grace, to(c.sam), to(c.amelia), g.at(c.grace, 6, 10, 0),
		"Hello Sam,\n\nAttached are our redlines to the MSA: limitation of liability, data retention after termination, and the uptime credit.\n\nRegards,\nGrace Liu", withHTML(),
		withAttachment(attachment{name: "MSA-redlines.txt", contentType: "text/plain", data: []byte(
			"Section 9.2 Limitation of liability: raise cap to 2x annual fees.\r\nSection 11.4 Data retention: delete within 30 days of termination.\r\nSchedule B Uptime: credit of 10% below 99.9%.\r\n")}))
	red.reply(r1, c.sam, to(c.grace), to(c.amelia), g.at(c.sam, 6, 13, 30),
		"Hello Grace,\n\nThank you. I'll have our legal team review the redlines and get back to you by Wednesday.\n\nBest regards,\nSam")
	legal := g.thread("Harborview redlines: need legal")
	legal.start(c.sam, to(c.tom), nil, g.at(c.sam, 6, 13, 40), "Tom,\n\nHarborview sent MSA redlines (liability cap, retention, uptime credit). I told them Wednesday. Can you get legal on it?\n\nSam")
	legal.reply(nil, c.tom, to(c.sam), nil, g.at(c.tom, 5, 9, 10), "Sent to legal. They expect to turn it around by Tuesday.\n\nTom")
	iso := g.thread("Sensor placement in isolation rooms")
	z0 := iso.start(c.zoe, to(c.sam), to(c.amelia), g.at(c.zoe, 3, 11, 0),
		"Hello Sam,\n\nFor the negative-pressure isolation rooms: can the pressure sensor sit outside the room, so staff don't need to enter for maintenance?\n\nZoë", withHTML())
	iso.reply(z0, c.sam, to(c.zoe), to(c.amelia), g.at(c.sam, 2, 9, 0),
		"Hi Zoë,\n\nYes. The sensor mounts in the corridor and measures through a tube to the room, so maintenance happens outside. I'll bring one to the site visit.\n\nSam")
}

// Cedar Ridge Farms: interest, a "let me think about it", two follow-ups
// without an answer: the account has gone quiet for weeks.
func (g *gen) storyCedarRidge() {
	c := g.c
	soil := g.thread("Soil moisture sensors for the north fields")
	s0 := soil.start(c.maya, to(c.sam), nil, g.at(c.maya, 42, 7, 30),
		"Hi Sam,\n\nWe met at the ag expo. We're looking at soil moisture sensors for about 300 acres in the north fields. What would a setup cost?\n\nMaya")
	soil.reply(s0, c.sam, to(c.maya), to(c.walt), g.at(c.sam, 41, 10, 0),
		"Hi Maya,\n\nGreat to hear from you. For 300 acres I'd suggest 24 probes and two LoRa gateways, about USD 9,800 plus USD 140 a month. I've copied Walt as you suggested.\n\nSam")
	soil.reply(nil, c.walt, to(c.sam), to(c.maya), g.at(c.walt, 40, 19, 5), "Sam,\n\nLet me think about it over harvest. I'll get back to you.\n\nWalt")
	irr := g.thread("Irrigation controller compatibility?")
	irr.start(c.ben, to(c.sam), nil, g.at(c.ben, 38, 12, 15), "Hi,\n\nDo your probes talk to a Valley-style pivot controller, or do we need a separate box?\n\nBen")
	irr.reply(nil, c.sam, to(c.ben), nil, g.at(c.sam, 37, 8, 30), "Hi Ben,\n\nThe gateway has a Modbus output most pivot controllers accept, so no separate box.\n\nSam")
	soil.reply(nil, c.sam, to(c.walt), to(c.maya), g.at(c.sam, 26, 9, 0),
		"Hi Walt,\n\nHope harvest went well! Checking in on the north fields: happy to set up two probes free for a month so you can see the data.\n\nSam")
	pilot := g.thread("Still interested in the north fields pilot?")
	pilot.start(c.sam, to(c.maya), nil, g.at(c.sam, 12, 14, 0),
		"Hi Maya,\n\nI haven't heard back from Walt. Is the north fields project still on for next season? If the timing is wrong, just let me know and I'll check in again in spring.\n\nSam")
}

// Orbital Brewing: an introduction by a free-mail consultant, a site visit
// and quote, and a new question still awaiting reply.
func (g *gen) storyOrbital() {
	c := g.c
	in := g.thread("Intro: Sam (Northwind) <> Jess (Orbital Brewing)")
	l0 := in.start(c.luis, to(c.sam, c.jess), nil, g.at(c.luis, 20, 8, 0),
		"Jess, Sam,\n\nConnecting you two. Jess runs Orbital Brewing and has been losing batches to fermenter temperature swings; Sam's company does exactly that kind of monitoring.\n\nI'll let you take it from here.\nLuis")
	j0 := in.reply(l0, c.jess, to(c.sam), to(c.luis), g.at(c.jess, 20, 10, 30),
		"Thanks Luis!\n\nSam, nice to meet you. We have 12 fermenters and a glycol chiller that misbehaves at night. Could you come by?\n\nJess")
	in.reply(j0, c.sam, to(c.jess), nil, g.at(c.sam, 19, 9, 0), "Hi Jess,\n\nHappy to. Would Wednesday afternoon next week work for a visit?\n\nSam")
	in.reply(nil, c.jess, to(c.sam), to(c.felix), g.at(c.jess, 18, 11, 0), "Wednesday at 2 works. Felix, our head brewer, will show you the cellar.\n\nJess")
	visit := g.thread("Thanks for the tour: summary and quote")
	v0 := visit.start(c.sam, to(c.jess), to(c.felix), g.at(c.sam, 11, 16, 30),
		"Jess, Felix,\n\nThanks for the tour and the stout. Summary: 12 fermenter probes, one chiller sensor, alerts to Felix's phone at night. Quote attached.\n\nSam",
		withAttachment(attachment{name: "Orbital Brewing quote Q-2026-118.pdf", contentType: "application/pdf", data: pdfDocument("Quote Q-2026-118 - Orbital Brewing Co.", []string{
			"12 x fermenter temperature probe", "1 x glycol chiller sensor", "1 x gateway", "Subscription: USD 89 / month", "Hardware: USD 3,240",
		})}))
	visit.reply(v0, c.felix, to(c.sam), to(c.jess), g.at(c.felix, 10, 7, 50), "Sam,\n\nLooks right. Attached is the cellar layout with the probe positions I'd like.\n\nFelix",
		withHTML(), withAttachment(attachment{name: "cellar-layout.txt", contentType: "text/plain", data: []byte(
			"FV1-FV6: north wall, probe at 1/3 height\r\nFV7-FV12: south wall, probe at 1/3 height\r\nChiller: return line, after the pump\r\n")}))
	glycol := g.thread("Power for the glycol room sensors?")
	glycol.start(c.ravi, to(c.sam), nil, g.at(c.ravi, 1, 7, 15),
		"Hi Sam,\n\nI'm Ravi, maintenance at Orbital. Before the install: do the sensors in the glycol room need mains power, or are they battery? The room only has two outlets.\n\nRavi", unread())
	thanks := g.thread("Thanks for the intro")
	thanks.start(c.sam, to(c.luis), nil, g.at(c.sam, 7, 12, 0), "Luis,\n\nThanks for connecting me with Jess. The visit went well. Lunch is on me next time you're in town.\n\nSam")
	thanks.reply(nil, c.luis, to(c.sam), nil, g.at(c.luis, 7, 18, 20), "Glad it worked out! I'll hold you to that lunch.\n\nLuis")
}

// A free-mail prospect without a company.
func (g *gen) storyFreeMail() {
	c := g.c
	t := g.thread("Pricing for a small greenhouse?")
	t.start(c.annie, to(c.sam), nil, g.at(c.annie, 9, 20, 45),
		"Hi,\n\nI run a small greenhouse (two houses, 600 m2). Do you sell anything at that scale, and roughly what would it cost?\n\nAnnie")
	t.reply(nil, c.sam, to(c.annie), nil, g.at(c.sam, 8, 8, 30),
		"Hi Annie,\n\nWe do: a starter kit is one gateway and four sensors for USD 690, plus USD 19 a month. I can send a datasheet if useful.\n\nSam")
}
