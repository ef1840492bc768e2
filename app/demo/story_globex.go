package demo

// Globex Logistics (globex.test and the subdomain mail.globex.test): a
// renewal with expansion, a promise kept (the SSO guide), a support case
// forwarded as an attached message, an invoice handled with billing, and a
// question from the director still awaiting reply.
func (g *gen) storyGlobex() {
	c := g.c
	ren := g.thread("Renewal and 40 more trucks")
	r0 := ren.start(c.priscilla, to(c.sam), nil, g.at(c.priscilla, 35, 8, 5),
		"Hi Sam,\n\nOur contract renews at the end of next quarter. We are also adding 40 refrigerated trucks in the spring and want the same temperature monitoring on them.\n\n"+
			"Could we set up a call to talk about pricing for both?\n\nThanks,\nPriscilla", withHTML())
	ren.reply(r0, c.sam, to(c.priscilla), to(c.tom), g.at(c.sam, 34, 9, 0),
		"Hi Priscilla,\n\nGreat news about the new trucks. I've copied Tom, my manager, who can approve multi-year pricing. Would Thursday at 10am Pacific work for a call?\n\nSam")
	ren.reply(nil, c.priscilla, to(c.sam), to(c.tom), g.at(c.priscilla, 33, 7, 45), "Thursday 10am works. Send an invite please.\n\nPriscilla", withHTML())
	ren.reply(nil, c.sam, to(c.priscilla), to(c.tom), g.at(c.sam, 33, 9, 20), "Invite attached. Talk Thursday!\n\nSam",
		withAttachment(attachment{name: "invite.ics", contentType: "text/calendar", data: calendarInvite(g, "Globex renewal call", g.at(c.sam, 31, 12, 0))}))
	ren.reply(nil, c.sam, to(c.priscilla), to(c.tom), g.at(c.sam, 20, 15, 30),
		"Priscilla,\n\nAs promised on the call, attached is the renewal proposal: three years for the existing 120 trucks plus the 40 new ones, with the volume discount Tom approved.\n\nSam",
		withAttachment(attachment{name: "Globex renewal proposal.pdf", contentType: "application/pdf", data: pdfDocument("Globex Logistics - renewal proposal", []string{
			"Term: 36 months.", "Fleet: 120 existing + 40 new refrigerated trucks.", "Discount: 12% volume, 5% multi-year.", "Valid for 60 days.",
		})}))
	loop := ren.reply(nil, c.priscilla, to(c.sam), to(c.theo), g.at(c.priscilla, 12, 10, 10),
		"Sam,\n\nThe proposal looks good. Looping in Theo from IT, who has questions about single sign-on before we sign.\n\nPriscilla", withHTML())

	sso := g.thread("SSO: SAML or OIDC?")
	s0 := sso.start(c.theo, to(c.sam), to(c.priscilla), g.at(c.theo, 11, 13, 0),
		"Hi Sam,\n\nWe use an OIDC identity provider for most apps. Do you support OIDC, or only SAML? And can user provisioning be automated?\n\nTheo", withHTML())
	sso.reply(s0, c.sam, to(c.theo), to(c.priya), g.at(c.sam, 10, 8, 30),
		"Hi Theo,\n\nBoth: OIDC and SAML 2.0, with SCIM for provisioning. I'll send you the SSO setup guide tomorrow; Priya (copied) can help with the configuration.\n\nSam")
	sso.reply(nil, c.sam, to(c.theo), to(c.priya), g.at(c.sam, 9, 9, 40), "Theo,\n\nHere is the SSO setup guide, as promised.\n\nSam",
		withAttachment(attachment{name: "sso-setup-guide.pdf", contentType: "application/pdf", data: pdfDocument("Northwind - SSO setup guide", []string{
			"1. Register Northwind as a client in your OIDC provider.", "2. Redirect URI: https://app.northwind-demo.test/oidc/callback",
			"3. Enable SCIM and paste the token from Settings > Provisioning.", "4. Test with one user before assigning groups.",
		})}))
	sso.reply(nil, c.theo, to(c.sam), nil, g.at(c.theo, 8, 11, 5), "Got it, thanks. We'll test in our staging tenant next week.\n\nTheo", withHTML())

	ren.reply(loop, c.priscilla, to(c.sam), nil, g.at(c.priscilla, 1, 9, 15),
		"Hi Sam,\n\nWhere are we on the renewal paperwork? Finance wants to book it this month.\n\nPriscilla", withHTML(), unread())

	alert := &mail{from: c.globexMonitor, to: to(c.owen), subject: "ALERT: gateway GW-17 offline", at: g.at(c.owen, 15, 5, 2),
		text: "Gateway GW-17 (Dock 4, Reefer bay) has not reported for 30 minutes.\nLast seen: 04:31 local.\nSeverity: high", noSig: true}
	alert.id = g.newID(c.globexMonitor)
	gw := g.thread("Fwd: ALERT: gateway GW-17 offline")
	o0 := gw.start(c.owen, to(c.sam), nil, g.at(c.owen, 15, 7, 20),
		"Sam,\n\nThis came in overnight, see attached. The reefer bay has no temperature data since 4:30. Can you help?\n\nOwen",
		withHTML(), withAttachment(attachment{name: "ALERT gateway GW-17 offline.eml", rfc822: true, data: render(alert, false)}))
	sup := gw.forward(o0, c.sam, to(c.support), to(c.owen), g.at(c.sam, 15, 9, 5), "Support team, urgent for Globex: GW-17 stopped reporting. Owen (copied) is on site.\n\nSam")
	gw.reply(sup, c.support, to(c.sam), to(c.owen), g.at(c.sam, 14, 8, 0),
		"Hello,\n\nTicket #48213. GW-17 is on firmware 3.2.0, affected by a known watchdog issue. We pushed 3.2.4 remotely; it should reconnect within the hour.\n\nNorthwind Support", automated())
	gw.reply(nil, c.owen, to(c.sam), to(c.support), g.at(c.owen, 14, 9, 45), "It's back online and the data gap is filled in. Thanks all!\n\nOwen", withHTML())

	inv := g.thread("Invoice INV-2026-0931: PO mismatch")
	i0 := inv.start(c.globexAP, to(c.sam), nil, g.at(c.globexAP, 22, 10, 0),
		"Hello,\n\nInvoice INV-2026-0931 references PO 7731, but our PO for this order is 7713. Please send a corrected invoice so we can pay it.\n\nGlobex Accounts Payable", withHTML())
	b0 := inv.forward(i0, c.sam, to(c.billing), nil, g.at(c.sam, 22, 11, 0), "Hi billing team, can you reissue this with PO 7713?\n\nThanks,\nSam")
	b1 := inv.reply(b0, c.billing, to(c.sam), nil, g.at(c.sam, 21, 9, 30), "Sam, corrected invoice attached.\n\nAccounts Receivable",
		withAttachment(attachment{name: "INV-2026-0931-corrected.pdf", contentType: "application/pdf", data: pdfDocument("Invoice INV-2026-0931 (corrected)", []string{
			"Bill to: Globex Logistics", "PO: 7713", "FieldSense subscription, Q3: 120 trucks", "Total due: USD 18,400.00",
		})}))
	inv.reply(i0, c.sam, to(c.globexAP), nil, g.at(c.sam, 21, 10, 0), "Hello,\n\nSorry about that. The corrected invoice with PO 7713 is attached.\n\nBest regards,\nSam",
		withAttachment(b1.attachments[0]))
}
