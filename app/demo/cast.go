package demo

import "time"

// Company and person data of the demo. The cast is fixed so that the demo
// tells the same story for every seed; the seed varies the filler mail,
// times and wording.

const (
	vendorDomain  = "northwind-demo.test"
	supportDomain = "northwind-support.test"
)

// Me returns the rep whose mailbox the demo is.
func Me() (name, address string) { return "Sam Rivera", "sam@" + vendorDomain }

// InternalDomains are the domains of the rep's own company.
func InternalDomains() []string { return []string{vendorDomain, supportDomain} }

// FreeMailDomains are the fictional free-mail providers used in the demo;
// an importer must be told about them, since they are not in any real list.
func FreeMailDomains() []string { return []string{"freemail.test", "inboxly.test", "postbox.example"} }

// replyStyle is how a person's mail client quotes the message replied to.
type replyStyle int

const (
	styleGmail   replyStyle = iota // "On <date>, <name> wrote:" and "> " quoting, plain text
	styleOutlook                   // "From:/Sent:/To:/Subject:" header block, HTML alternative
)

type person struct {
	name, addr, title string
	company           *company
	style             replyStyle
	phone             string
}

type company struct {
	name    string
	domains []string
	zone    *time.Location
	mailer  string // User-Agent or X-Mailer of the company's mail client
}

// cast holds everybody in the story.
type cast struct {
	vendor, acme, globex, bluefin, harborview, cedar, orbital *company

	sam, priya, tom, lena, billing, support *person

	dana, marco, hannah, yusuf, kim     *person
	priscilla, owen, theo, globexAP     *person
	carla, greg, nadia                  *person
	amelia, sean, grace, zoe            *person
	walt, maya, ben                     *person
	jess, felix, ravi                   *person
	luis, annie                         *person
	newsletter, expenses, globexMonitor *person
}

func newCast() *cast {
	zone := func(name string, hours int) *time.Location { return time.FixedZone(name, hours*3600) }
	c := &cast{
		vendor:     &company{name: "Northwind Demo", domains: InternalDomains(), zone: zone("CST", -6), mailer: "Thunderbird/128.4"},
		acme:       &company{name: "Acme Robotics", domains: []string{"acme.test", "acme-labs.test"}, zone: zone("EST", -5), mailer: "Microsoft Outlook 16.0"},
		globex:     &company{name: "Globex Logistics", domains: []string{"globex.test", "mail.globex.test"}, zone: zone("PST", -8), mailer: "Microsoft Outlook 16.0"},
		bluefin:    &company{name: "Bluefin Foods", domains: []string{"bluefin-foods.test"}, zone: zone("EST", -5), mailer: "Apple Mail (2.3776)"},
		harborview: &company{name: "Harborview Health", domains: []string{"harborview-health.test", "hvhealth.test"}, zone: zone("EST", -5), mailer: "Microsoft Outlook 16.0"},
		cedar:      &company{name: "Cedar Ridge Farms", domains: []string{"cedarridge-farms.test"}, zone: zone("CST", -6), mailer: "Mozilla Thunderbird"},
		orbital:    &company{name: "Orbital Brewing Co.", domains: []string{"orbitalbrewing.test"}, zone: zone("MST", -7), mailer: "Apple Mail (2.3776)"},
	}
	p := func(name, addr, title string, co *company, style replyStyle, phone string) *person {
		return &person{name: name, addr: addr, title: title, company: co, style: style, phone: phone}
	}
	v := c.vendor
	c.sam = p("Sam Rivera", "sam@"+vendorDomain, "Senior Account Executive", v, styleGmail, "+1 312 555 0142")
	c.priya = p("Priya Natarajan", "priya.natarajan@"+vendorDomain, "Solutions Engineer", v, styleGmail, "+1 312 555 0157")
	c.tom = p("Tom Becker", "tom.becker@"+vendorDomain, "Regional Sales Manager", v, styleGmail, "+1 312 555 0101")
	c.lena = p("Lena Okafor", "lena.okafor@"+vendorDomain, "Customer Success Manager", v, styleGmail, "+1 312 555 0163")
	c.billing = p("Northwind Billing", "billing@"+vendorDomain, "Accounts Receivable", v, styleGmail, "+1 312 555 0190")
	c.support = p("Northwind Support", "support@"+supportDomain, "Support Desk", v, styleGmail, "+1 312 555 0199")

	a := c.acme
	c.dana = p("Dana Whitfield", "dana.whitfield@acme.test", "VP Operations", a, styleOutlook, "+1 617 555 0110")
	c.marco = p("Marco Ruiz", "marco.ruiz@acme.test", "Plant Engineering Lead", a, styleOutlook, "+1 617 555 0123")
	c.hannah = p("Hannah Cole", "hannah.cole@acme.test", "Procurement Manager", a, styleOutlook, "+1 617 555 0131")
	c.yusuf = p("Yusuf Aydın", "yusuf.aydin@acme-labs.test", "Research Lead, Acme Labs", a, styleGmail, "+1 617 555 0148")
	c.kim = p("Kim Tran", "kim.tran@acme.test", "IT Security Analyst", a, styleOutlook, "+1 617 555 0152")

	g := c.globex
	c.priscilla = p("Priscilla Vance", "priscilla.vance@globex.test", "Director of Fleet Operations", g, styleOutlook, "+1 206 555 0114")
	c.owen = p("Owen Marsh", "owen.marsh@mail.globex.test", "Warehouse Manager", g, styleOutlook, "+1 206 555 0126")
	c.theo = p("Theo Lindqvist", "theo.lindqvist@mail.globex.test", "IT Systems Engineer", g, styleOutlook, "+1 206 555 0138")
	c.globexAP = p("Globex Accounts Payable", "ap@globex.test", "Accounts Payable", g, styleOutlook, "+1 206 555 0177")
	c.globexMonitor = p("Globex Fleet Monitor", "alerts@mail.globex.test", "", g, styleGmail, "")

	b := c.bluefin
	c.carla = p("Carla Mendes", "carla.mendes@bluefin-foods.test", "Quality Assurance Manager", b, styleGmail, "+1 404 555 0119")
	c.greg = p("Greg Holt", "greg.holt@bluefin-foods.test", "Plant Manager", b, styleGmail, "+1 404 555 0102")
	c.nadia = p("Nadia Petrova", "nadia.petrova@bluefin-foods.test", "Purchasing Lead", b, styleGmail, "+1 404 555 0135")

	h := c.harborview
	c.amelia = p("Amelia Hart", "amelia.hart@harborview-health.test", "Director of Facilities", h, styleOutlook, "+1 215 555 0108")
	c.sean = p("Sean Duffy", "sean.duffy@hvhealth.test", "Biomedical Engineer", h, styleOutlook, "+1 215 555 0124")
	c.grace = p("Grace Liu", "grace.liu@harborview-health.test", "Contracts Specialist", h, styleOutlook, "+1 215 555 0139")
	c.zoe = p("Zoë Marchetti", "zoe.marchetti@harborview-health.test", "Infection Prevention Lead", h, styleOutlook, "+1 215 555 0146")

	cr := c.cedar
	// Walt runs the farm from a free-mail address: a company person
	// without a company domain.
	c.walt = p("Walt Jensen", "walt.jensen58@freemail.test", "Owner, Cedar Ridge Farms", cr, styleGmail, "+1 402 555 0117")
	c.maya = p("Maya Jensen", "maya@cedarridge-farms.test", "Operations Manager", cr, styleGmail, "+1 402 555 0129")
	c.ben = p("Ben Ortiz", "ben.ortiz@cedarridge-farms.test", "Irrigation Technician", cr, styleGmail, "")

	o := c.orbital
	c.jess = p("Jess Okoro", "jess@orbitalbrewing.test", "General Manager", o, styleGmail, "+1 303 555 0112")
	c.felix = p("Felix Brandt", "felix.brandt@orbitalbrewing.test", "Head Brewer", o, styleGmail, "+1 303 555 0133")
	c.ravi = p("Ravi Shah", "ravi.shah@orbitalbrewing.test", "Maintenance Lead", o, styleGmail, "")

	c.luis = p("Luis Ortega", "luis.ortega.consulting@freemail.test", "Independent consultant", nil, styleGmail, "+1 720 555 0188")
	c.annie = p("Annie Park", "annie.park@inboxly.test", "", nil, styleGmail, "")

	c.newsletter = p("FieldOps Weekly", "news@fieldops-weekly.example", "", nil, styleOutlook, "")
	c.expenses = p("Expensely", "no-reply@notify.expensely.example", "", nil, styleGmail, "")
	return c
}

func (c *cast) customers() []*company {
	return []*company{c.acme, c.globex, c.bluefin, c.harborview, c.cedar, c.orbital}
}

// people returns the customer contacts of co, for the filler threads.
func (c *cast) people(co *company) []*person {
	switch co {
	case c.acme:
		return []*person{c.dana, c.marco, c.hannah, c.yusuf, c.kim}
	case c.globex:
		return []*person{c.priscilla, c.owen, c.theo}
	case c.bluefin:
		return []*person{c.carla, c.greg, c.nadia}
	case c.harborview:
		return []*person{c.amelia, c.sean, c.grace, c.zoe}
	case c.cedar:
		return []*person{c.walt, c.maya, c.ben}
	case c.orbital:
		return []*person{c.jess, c.felix, c.ravi}
	}
	return nil
}

func (p *person) first() string {
	for i, r := range p.name {
		if r == ' ' {
			return p.name[:i]
		}
	}
	return p.name
}

func (p *person) zone() *time.Location {
	if p.company != nil {
		return p.company.zone
	}
	return time.FixedZone("MST", -7*3600)
}

func (p *person) signature() string {
	s := p.name
	if p.title != "" {
		s += "\n" + p.title
		if p.company != nil && p.company.name != "" && p.title != "" && !containsFold(p.title, p.company.name) {
			s += ", " + p.company.name
		}
	}
	if p.phone != "" {
		s += "\n" + p.phone
	}
	return s
}
