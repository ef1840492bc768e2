package crm

// defaultFreeMailDomains are the major providers where an address belongs to
// a person, not to a company. Kept as a plain list so it is easy to review
// and edit; ClassifierConfig.FreeMailDomains replaces it entirely.
var defaultFreeMailDomains = []string{
	// Google, Microsoft, Apple, Yahoo, AOL
	"gmail.com", "googlemail.com",
	"outlook.com", "hotmail.com", "hotmail.co.uk", "hotmail.fr", "hotmail.de", "hotmail.it", "hotmail.es",
	"live.com", "live.co.uk", "live.fr", "live.de", "msn.com", "windowslive.com",
	"icloud.com", "me.com", "mac.com",
	"yahoo.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de", "yahoo.it", "yahoo.es", "yahoo.co.jp",
	"yahoo.co.in", "yahoo.com.br", "ymail.com", "rocketmail.com",
	"aol.com", "aim.com",
	// Privacy-focused and independent
	"proton.me", "protonmail.com", "pm.me", "tutanota.com", "tuta.io", "fastmail.com", "fastmail.fm",
	"hey.com", "zoho.com", "zohomail.com", "mailbox.org", "posteo.de", "posteo.net", "disroot.org",
	"hushmail.com", "runbox.com",
	// Europe
	"gmx.com", "gmx.de", "gmx.net", "gmx.at", "gmx.ch", "web.de", "t-online.de", "freenet.de",
	"arcor.de", "mail.de", "orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr",
	"libero.it", "virgilio.it", "tiscali.it", "alice.it", "btinternet.com", "sky.com",
	"virginmedia.com", "blueyonder.co.uk", "ziggo.nl", "kpnmail.nl", "telenet.be", "skynet.be",
	"bluewin.ch", "seznam.cz", "centrum.cz", "wp.pl", "o2.pl", "onet.pl", "interia.pl",
	"mail.ru", "yandex.ru", "yandex.com", "ya.ru", "rambler.ru", "bk.ru", "list.ru", "inbox.ru",
	"ukr.net", "abv.bg", "mail.bg",
	// Americas, Asia, Oceania
	"comcast.net", "verizon.net", "att.net", "sbcglobal.net", "cox.net", "charter.net",
	"earthlink.net", "juno.com", "shaw.ca", "rogers.com", "sympatico.ca", "bell.net",
	"uol.com.br", "bol.com.br", "terra.com.br",
	"qq.com", "163.com", "126.com", "yeah.net", "sina.com", "sina.cn", "sohu.com", "aliyun.com",
	"foxmail.com", "naver.com", "hanmail.net", "daum.net", "nate.com",
	"rediffmail.com", "bigpond.com", "optusnet.com.au", "xtra.co.nz",
	"mail.com", "email.com", "usa.com", "inbox.com", "gmx.us",
}

// DefaultFreeMailDomains returns a fresh copy of the built-in free-mail
// provider list, for callers that want to start from it and edit.
func DefaultFreeMailDomains() []string {
	out := make([]string, len(defaultFreeMailDomains))
	copy(out, defaultFreeMailDomains)
	return out
}
