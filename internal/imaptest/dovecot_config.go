package imaptest

import (
	"strconv"
	"strings"
)

// dovecotPaths are the private folders and files of one Dovecot instance.
type dovecotPaths struct {
	conf, base, state, log, stdout, passwd, home, maildir, index, control string
	cert, key                                                             string
}

// condstoreLessCaps is Dovecot 2.3's post-login capability list without
// CONDSTORE and QRESYNC, for tests of servers that lack them. Dovecot still
// implements the commands; it just stops advertising them.
const condstoreLessCaps = "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY " +
	"THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT " +
	"CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH " +
	"LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ NOTIFY SPECIAL-USE"

// dovecotConfig renders a Dovecot 2.3 configuration (2.4 syntax does not
// load on 2.3). Everything Dovecot writes stays under the test's folders.
func dovecotConfig(p dovecotPaths, name string, port, tlsPort int, opts DovecotOptions, owner mailOwner) string {
	var b strings.Builder
	w := func(lines ...string) {
		for _, l := range lines {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	w(
		"instance_name = "+name,
		"base_dir = "+p.base,
		"state_dir = "+p.state,
		"log_path = "+p.log,
		"info_log_path = "+p.log,
		"listen = 127.0.0.1",
		"protocols = imap",
		"disable_plaintext_auth = no",
		"auth_mechanisms = plain login",
		"first_valid_uid = 1",
		"mail_fsync = never",
		"mail_max_userip_connections = 100",
		// INDEX and CONTROL outside the Maildir keep the served tree a plain
		// copy of the source, and let ChangeUIDValidity find them.
		"mail_location = maildir:"+p.maildir+":INDEX="+p.index+":CONTROL="+p.control,
		"namespace inbox {",
		"  inbox = yes",
		"  separator = /",
		"  prefix =",
		"  mailbox Sent {",
		"    special_use = \\Sent",
		"  }",
		"}",
		"passdb {",
		"  driver = passwd-file",
		"  args = scheme=PLAIN username_format=%u "+p.passwd,
		"}",
		"userdb {",
		"  driver = static",
		"  args = uid="+strconv.Itoa(owner.uid)+" gid="+strconv.Itoa(owner.gid)+" home="+p.home,
		"}",
		"service imap-login {",
		"  inet_listener imap {",
		"    address = 127.0.0.1",
		"    port = "+strconv.Itoa(port),
		"  }",
		"  inet_listener imaps {",
		"    address = 127.0.0.1",
		"    port = "+strconv.Itoa(tlsPort),
		"    ssl = yes",
		"  }",
		"}",
	)
	if opts.TLS {
		w(
			"ssl = yes",
			"ssl_cert = <"+p.cert,
			"ssl_key = <"+p.key,
		)
	} else {
		w("ssl = no")
	}
	if opts.DisableCondStore {
		w("imap_capability = " + condstoreLessCaps)
	}
	return b.String()
}
