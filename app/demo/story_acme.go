package demo

// Acme Robotics: a pilot that turned into a quote the rep promised by
// Friday and has not sent yet; an API question from the lab (second
// domain) forwarded to a colleague; a security questionnaire awaiting
// reply.
func (g *gen) storyAcme() {
	c := g.c
	pilot := g.thread("Pilot kickoff: FieldSense on Line 3")
	kick := pilot.start(c.sam, to(c.marco), nil, g.at(c.sam, 40, 9, 12),
		"Hi Marco,\n\nThanks again for the walkthrough on Tuesday. As discussed, we'll start the pilot on Line 3 with four FieldSense vibration sensors and one gateway.\n\n"+
			"Shipping confirmed for Thursday. Priya will join the install remotely to help with the network setup.\n\nBest,\nSam")
	pilot.reply(kick, c.marco, to(c.sam), to(c.dana), g.at(c.marco, 39, 8, 40),
		g.pick("Sam,\n\nSounds good. I've copied Dana so she knows the pilot is on.", "Hi Sam,\n\nGreat, looping in Dana for visibility.")+
			" The gateway can go in the electrical room next to the press; IT has opened port 8883 for it.\n\nMarco", withHTML())
	results := pilot.reply(nil, c.marco, to(c.sam), to(c.dana), g.at(c.marco, 25, 14, 5),
		"Sam,\n\nThree weeks of data attached. The sensors caught the bearing wear on press 2 about nine days before our usual inspection would have. "+
			"Dana was impressed.\n\nCan you put together a summary we can show the plant leadership?\n\nMarco",
		withHTML(), withAttachment(attachment{name: "line3-readings.csv", contentType: "text/csv", data: g.sensorCSV(21)}))
	pilot.reply(results, c.sam, to(c.marco), to(c.dana), g.at(c.sam, 24, 10, 30),
		"Marco, Dana,\n\nThat is exactly the early warning we hoped for. Summary attached: downtime avoided, alert timeline, and what a full rollout across all four lines would look like.\n\nSam",
		withAttachment(attachment{name: "Acme pilot summary.pdf", contentType: "application/pdf", data: pdfDocument("Acme Robotics - FieldSense pilot summary", []string{
			"Scope: Line 3, four vibration sensors, one gateway, 21 days.",
			"Finding: bearing wear on press 2 detected 9 days before scheduled inspection.",
			"Estimated downtime avoided: 14 hours.",
			"Proposal: 24 gateways and 96 sensors across Lines 1-4.",
		})}))

	quote := g.thread("Quote for 24 gateways + 3-year subscription")
	ask := quote.start(c.hannah, to(c.sam), to(c.dana), g.at(c.hannah, 5, 11, 15),
		"Hello Sam,\n\nFollowing the pilot, we would like a formal quote for 24 gateways, 96 sensors and a three-year platform subscription, including installation.\n\n"+
			"Our budget committee meets next Wednesday, so I need the quote by end of this week.\n\nKind regards,\nHannah", withHTML())
	quote.reply(ask, c.sam, to(c.hannah), to(c.dana), g.at(c.sam, 4, 8, 50),
		"Hi Hannah,\n\nThanks, happy to. I'll send you the quote by Friday. Priya is confirming the installation schedule so the dates in the quote are real.\n\nBest,\nSam")
	internal := g.thread("Acme install schedule for the quote")
	q := internal.start(c.sam, to(c.priya), nil, g.at(c.sam, 4, 9, 5),
		"Priya,\n\nAcme wants a quote for the full rollout (24 gateways, 96 sensors). Can you confirm we can install across four lines in the first two weeks of next quarter? I promised Hannah the quote by Friday.\n\nSam")
	internal.reply(q, c.priya, to(c.sam), nil, g.at(c.priya, 3, 16, 20),
		"Sam,\n\nYes: two technicians, one line per two days, done in eight working days. Put in a buffer for their IT change window.\n\nPriya")

	api := g.thread("Question about the FieldSense API rate limits")
	yq := api.start(c.yusuf, to(c.sam), nil, g.at(c.yusuf, 18, 15, 40),
		"Hi Sam,\n\nMarco pointed me to you. At Acme Labs we'd like to pull raw vibration data from the API at 1 kHz for a research model. "+
			"What are the rate limits, and is there a bulk export?\n\nThanks,\nYusuf")
	fwd := api.forward(yq, c.sam, to(c.priya), nil, g.at(c.sam, 18, 16, 10), "Priya, can you take this one? Acme Labs is the research side of Acme.\n\nSam")
	ans := api.reply(fwd, c.priya, to(c.sam), nil, g.at(c.priya, 17, 9, 30),
		"Sam,\n\nStandard API is 600 requests a minute; raw data at 1 kHz goes through the bulk export (Parquet files per hour). I can enable it on their tenant.\n\nPriya")
	api.reply(yq, c.sam, to(c.yusuf), to(c.priya), g.at(c.sam, 17, 10, 15),
		"Hi Yusuf,\n\nThe REST API allows 600 requests per minute, which is too slow for 1 kHz raw data. The bulk export gives you hourly Parquet files instead. "+
			"Priya (copied) can switch it on for your tenant.\n\nBest,\nSam")
	_ = ans
	api.reply(nil, c.yusuf, to(c.sam), to(c.priya), g.at(c.yusuf, 16, 11, 0), "Perfect, hourly Parquet works for us. Thanks both!\n\nYusuf")

	sec := g.thread("Security review: vendor questionnaire")
	sec.start(c.kim, to(c.sam), to(c.marco), g.at(c.kim, 2, 13, 25),
		"Hello Sam,\n\nBefore Procurement can sign, IT Security needs the attached vendor questionnaire completed: data residency, encryption at rest, SSO, and penetration test results.\n\n"+
			"Please return it within ten business days.\n\nRegards,\nKim Tran",
		withHTML(), flagged(), withAttachment(attachment{name: "vendor-security-questionnaire.txt", contentType: "text/plain", data: questionnaire()}))
}

func questionnaire() []byte {
	return []byte("ACME ROBOTICS - VENDOR SECURITY QUESTIONNAIRE\r\n\r\n" +
		"1. Where is customer data stored (region, provider)?\r\n" +
		"2. Is data encrypted at rest? Which algorithm and key management?\r\n" +
		"3. Do you support SAML 2.0 or OIDC single sign-on?\r\n" +
		"4. Date and scope of your last external penetration test.\r\n" +
		"5. How are security incidents reported to customers, and within what time?\r\n" +
		"6. List sub-processors with access to customer data.\r\n")
}
