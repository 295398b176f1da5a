package chain

import (
	"context"
	"crypto/x509"
)

// OrderContext is Order that stops when ctx ends, for a server that
// orders what a client sent: between certificates while it checks their
// links, and between chains while it builds them. It then returns ctx's
// error, and no chains.
func OrderContext(ctx context.Context, certs []*x509.Certificate, opts Options) ([]Chain, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	opts.ctx = ctx
	chains, err := Order(certs, opts)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return chains, nil
}

// stopped reports whether the context of OrderContext ended.
func (o *Options) stopped() bool { return o.ctx != nil && o.ctx.Err() != nil }
