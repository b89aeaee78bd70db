package wait

import (
	"context"
	"net"
	"strconv"
	"time"
)

// deadlineDialer dials within the context, and bounds the AMQP handshake.
type deadlineDialer struct{ ctx context.Context }

func (d *deadlineDialer) dial(network, addr string) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(d.ctx, 10*time.Second)
	defer cancel()
	var nd net.Dialer
	c, err := nd.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	if err := c.SetDeadline(time.Now().Add(10 * time.Second)); err != nil {
		_ = c.Close()
		return nil, err
	}
	return c, nil
}

func hostOf(addr string) string {
	h, _, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	return h
}

func portOf(addr string) int {
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		return 5672
	}
	n, err := strconv.Atoi(p)
	if err != nil {
		return 5672
	}
	return n
}
