package imaptest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// ServerCert chooses the certificate a TLS test server presents.
type ServerCert int

const (
	// CertGood is signed by the CA in CAPool and names localhost,
	// 127.0.0.1 and ::1.
	CertGood ServerCert = iota
	// CertWrongHost is signed by the CA in CAPool but names only
	// WrongHostName: a client checking the host name must refuse it.
	CertWrongHost
	// CertOtherCA names the right hosts but is signed by a CA the client
	// does not trust: a client using CAPool must refuse it.
	CertOtherCA
)

// WrongHostName is the only name in the CertWrongHost certificate.
const WrongHostName = "wrong-host.invalid"

// TLSMaterial is a throwaway PKI for one test: a trusted CA, an untrusted
// CA, and server certificates issued by them.
type TLSMaterial struct {
	CAPool      *x509.CertPool // trusts CA only
	OtherCAPool *x509.CertPool // trusts the other CA only
	Good        tls.Certificate
	WrongHost   tls.Certificate
	OtherCA     tls.Certificate
}

// NewTLSMaterial generates fresh keys and certificates valid for one day.
func NewTLSMaterial() (*TLSMaterial, error) {
	caKey, caCert, err := newCA("Parley Test CA")
	if err != nil {
		return nil, err
	}
	otherKey, otherCert, err := newCA("Parley Untrusted CA")
	if err != nil {
		return nil, err
	}
	m := &TLSMaterial{CAPool: x509.NewCertPool(), OtherCAPool: x509.NewCertPool()}
	m.CAPool.AddCert(caCert)
	m.OtherCAPool.AddCert(otherCert)
	goodHosts := []string{"localhost", "127.0.0.1", "::1"}
	if m.Good, err = newLeaf(caCert, caKey, goodHosts); err != nil {
		return nil, err
	}
	if m.WrongHost, err = newLeaf(caCert, caKey, []string{WrongHostName}); err != nil {
		return nil, err
	}
	if m.OtherCA, err = newLeaf(otherCert, otherKey, goodHosts); err != nil {
		return nil, err
	}
	return m, nil
}

// Cert returns the certificate of the given kind.
func (m *TLSMaterial) Cert(kind ServerCert) tls.Certificate {
	switch kind {
	case CertWrongHost:
		return m.WrongHost
	case CertOtherCA:
		return m.OtherCA
	}
	return m.Good
}

// ClientConfig returns a TLS client configuration trusting CAPool only.
func (m *TLSMaterial) ClientConfig(serverName string) *tls.Config {
	return &tls.Config{RootCAs: m.CAPool, ServerName: serverName, MinVersion: tls.VersionTLS12}
}

// writePEM writes the chosen certificate and its key as PEM files in dir.
func (m *TLSMaterial) writePEM(dir string, kind ServerCert) (certFile, keyFile string, err error) {
	c := m.Cert(kind)
	var certPEM []byte
	for _, der := range c.Certificate {
		certPEM = append(certPEM, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})...)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(c.PrivateKey)
	if err != nil {
		return "", "", fmt.Errorf("imaptest: marshal key: %w", err)
	}
	certFile = filepath.Join(dir, "server.crt")
	keyFile = filepath.Join(dir, "server.key")
	if err := os.WriteFile(certFile, certPEM, 0o644); err != nil {
		return "", "", fmt.Errorf("imaptest: write cert: %w", err)
	}
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	if err := os.WriteFile(keyFile, keyPEM, 0o600); err != nil {
		return "", "", fmt.Errorf("imaptest: write key: %w", err)
	}
	return certFile, keyFile, nil
}

func newCA(name string) (*ecdsa.PrivateKey, *x509.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("imaptest: ca key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: name, Organization: []string{"Parley tests"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, fmt.Errorf("imaptest: ca cert: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, fmt.Errorf("imaptest: parse ca: %w", err)
	}
	return key, cert, nil
}

func newLeaf(ca *x509.Certificate, caKey *ecdsa.PrivateKey, hosts []string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("imaptest: leaf key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: hosts[0]},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("imaptest: leaf cert: %w", err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("imaptest: parse leaf: %w", err)
	}
	return tls.Certificate{Certificate: [][]byte{der, ca.Raw}, PrivateKey: key, Leaf: leaf}, nil
}

func serial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	return n
}
