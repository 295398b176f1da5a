package x509text

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"net"
	"net/url"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// oidSAN is the subjectAltName extension (RFC 5280, 4.2.1.6).
var oidSAN = asn1.ObjectIdentifier{2, 5, 29, 17}

// ErrMalformedSAN is wrapped by ParseSANs' errors: the subjectAltName
// extension value is not a well-formed GeneralNames.
var ErrMalformedSAN = errors.New("malformed subjectAltName")

// SANs lists the subject alternative names of c, as ParseSANs writes
// them, in the order of its extension. A SAN extension that does not parse
// falls back to what crypto/x509 parsed, in its order: DNS names, IP
// addresses, email addresses, URIs. The list is empty, never nil, when c
// has no SAN or is nil.
func SANs(c *x509.Certificate) []string {
	if c == nil {
		return []string{}
	}
	return sans(c.Extensions, c.DNSNames, c.IPAddresses, c.EmailAddresses, c.URIs)
}

// RequestSANs is SANs for a certificate request: the names of the SAN
// extension it asks for.
func RequestSANs(r *x509.CertificateRequest) []string {
	if r == nil {
		return []string{}
	}
	return sans(r.Extensions, r.DNSNames, r.IPAddresses, r.EmailAddresses, r.URIs)
}

func sans(exts []pkix.Extension, dns []string, ips []net.IP, emails []string, uris []*url.URL) []string {
	for _, ext := range exts {
		if ext.Id.Equal(oidSAN) {
			if out, err := ParseSANs(ext.Value); err == nil {
				return out
			}
			break
		}
	}
	out := []string{}
	for _, d := range dns {
		out = append(out, "DNS:"+d)
	}
	for _, ip := range ips {
		out = append(out, "IP:"+ip.String())
	}
	for _, m := range emails {
		out = append(out, "email:"+m)
	}
	for _, u := range uris {
		out = append(out, "URI:"+u.String())
	}
	return out
}

// ParseSANs reads the value of a subjectAltName extension (the DER of a
// GeneralNames, RFC 5280, 4.2.1.6) and writes each name, in order, with
// openssl's prefix:
//
//	DNS:vgw1.example.com        dNSName
//	IP:192.0.2.10               iPAddress (IPv4 or IPv6)
//	email:pki@example.com       rfc822Name
//	URI:sip:vgw1.example.com    uniformResourceIdentifier
//	DirName:CN=Gateway,O=Corp   directoryName, written as Name writes it
//	othername:1.3.6.1.4.1.311.20.2.3   otherName: its type OID only
//	RID:1.2.3.4                 registeredID
//	X400Name:<unsupported>      x400Address, as openssl prints it
//	EdiPartyName:<unsupported>  ediPartyName, as openssl prints it
//
// Where openssl writes a directoryName as /CN=.../O=..., ParseSANs writes
// it as Name writes subjects. Anything that is not a well-formed
// GeneralNames is an error wrapping ErrMalformedSAN. An empty GeneralNames
// gives an empty list.
func ParseSANs(value []byte) ([]string, error) {
	fail := func(format string, args ...any) ([]string, error) {
		return nil, fmt.Errorf("x509text: %w: %s", ErrMalformedSAN, fmt.Sprintf(format, args...))
	}
	input := cryptobyte.String(value)
	var seq cryptobyte.String
	if !input.ReadASN1(&seq, cbasn1.SEQUENCE) {
		if len(value) > 0 && value[0] == byte(cbasn1.SEQUENCE) {
			return fail("the SEQUENCE is truncated or its length is badly encoded")
		}
		return fail("not a SEQUENCE")
	}
	if !input.Empty() {
		return fail("%d bytes of trailing data", len(input))
	}
	out := []string{}
	for !seq.Empty() {
		var v cryptobyte.String
		var tag cbasn1.Tag
		if !seq.ReadAnyASN1(&v, &tag) {
			return fail("name %d is truncated", len(out)+1)
		}
		switch tag {
		case cbasn1.Tag(0).ContextSpecific().Constructed(): // otherName
			var oid asn1.ObjectIdentifier
			if !v.ReadASN1ObjectIdentifier(&oid) {
				return fail("name %d: an otherName without a type OID", len(out)+1)
			}
			out = append(out, "othername:"+oid.String())
		case cbasn1.Tag(1).ContextSpecific():
			out = append(out, "email:"+string(v))
		case cbasn1.Tag(2).ContextSpecific():
			out = append(out, "DNS:"+string(v))
		case cbasn1.Tag(3).ContextSpecific().Constructed():
			out = append(out, "X400Name:<unsupported>")
		case cbasn1.Tag(4).ContextSpecific().Constructed(): // directoryName
			name, err := Name(v)
			if err != nil {
				return fail("name %d: a directoryName that is not a distinguished name", len(out)+1)
			}
			out = append(out, "DirName:"+name)
		case cbasn1.Tag(5).ContextSpecific().Constructed():
			out = append(out, "EdiPartyName:<unsupported>")
		case cbasn1.Tag(6).ContextSpecific():
			out = append(out, "URI:"+string(v))
		case cbasn1.Tag(7).ContextSpecific():
			if len(v) != net.IPv4len && len(v) != net.IPv6len {
				return fail("name %d: an iPAddress %d bytes long (4 or 16 expected)", len(out)+1, len(v))
			}
			out = append(out, "IP:"+net.IP(v).String())
		case cbasn1.Tag(8).ContextSpecific(): // registeredID
			// Implicitly tagged: give the contents their own tag back.
			var b cryptobyte.Builder
			b.AddASN1(cbasn1.OBJECT_IDENTIFIER, func(b *cryptobyte.Builder) { b.AddBytes(v) })
			elem, err := b.Bytes()
			var oid asn1.ObjectIdentifier
			if in := cryptobyte.String(elem); err != nil || !in.ReadASN1ObjectIdentifier(&oid) {
				return fail("name %d: a registeredID that is not an OID", len(out)+1)
			}
			out = append(out, "RID:"+oid.String())
		default:
			return fail("name %d has tag %#x, which is no GeneralName", len(out)+1, uint8(tag))
		}
	}
	return out, nil
}
