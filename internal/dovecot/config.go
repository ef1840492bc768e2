package dovecot

import (
	"strconv"
	"strings"
)

// condstoreLessCaps is Dovecot 2.3's post-login capability list without
// CONDSTORE and QRESYNC, for tests of servers that lack them. Dovecot still
// implements the commands; it just stops advertising them.
const condstoreLessCaps = "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY " +
	"THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT " +
	"CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH " +
	"LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ NOTIFY SPECIAL-USE"

// config renders the server's Dovecot 2.3 configuration (2.4 syntax, as in
// go-imap's own Dovecot tests, does not load on Debian 12's 2.3).
// Everything Dovecot writes stays under Config.Dir, RunDir and the Maildir.
func (s *Server) config() string {
	p := s.paths
	var b strings.Builder
	w := func(lines ...string) {
		for _, l := range lines {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	w(
		"instance_name = "+s.cfg.Name+"-"+strconv.Itoa(s.port),
		"base_dir = "+p.run,
		"state_dir = "+p.state,
		"log_path = "+p.log,
		"info_log_path = "+p.log,
		"listen = 127.0.0.1",
		"protocols = imap",
		// Plain login without TLS: fine on loopback only.
		"disable_plaintext_auth = no",
		"auth_mechanisms = plain login",
		// The default, 500, would refuse the system user mail.
		"first_valid_uid = 1",
		"mail_fsync = never",
		"mail_max_userip_connections = 100",
		// INDEX and CONTROL outside the Maildir keep the served tree a plain
		// copy of the source, and let callers find and delete them.
		"mail_location = maildir:"+s.cfg.Maildir+":INDEX="+p.index+":CONTROL="+p.control,
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
		"  args = uid="+strconv.Itoa(s.owner.UID)+" gid="+strconv.Itoa(s.owner.GID)+" home="+p.home,
		"}",
		"service imap-login {",
		"  inet_listener imap {",
		"    address = 127.0.0.1",
		"    port = "+strconv.Itoa(s.port),
		"  }",
		// Port 0 switches the implicit-TLS listener off.
		"  inet_listener imaps {",
		"    address = 127.0.0.1",
		"    port = "+strconv.Itoa(s.tlsPort),
		"    ssl = yes",
		"  }",
		"}",
	)
	if s.cfg.TLSCert != "" {
		w(
			"ssl = yes",
			"ssl_cert = <"+s.cfg.TLSCert,
			"ssl_key = <"+s.cfg.TLSKey,
		)
	} else {
		w("ssl = no")
	}
	if s.cfg.DisableCondStore {
		w("imap_capability = " + condstoreLessCaps)
	}
	return b.String()
}
