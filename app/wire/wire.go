// Package wire is the page's end of a training worker, the one client of
// the msg protocol in app/: the playground and every lesson page use it.
//
// A request gets an id and its own Reply: every event that answers it
// (its state, loading, result and error events) goes to that reply, so
// no page keeps a table of what it asked and errors reach the panel that
// asked without reading their text. Events that answer no request (the
// running training's progress, epochs, weights and end; Ready; failures of
// the worker itself) go to the client's Events function.
//
// The worker handles requests one at a time, in the order sent, and sends
// all the answers to one before it reads the next: an answer to request n
// means every earlier request is answered, and their replies are
// forgotten then. A client is used from one goroutine, the page's UI
// goroutine: Start's dispatch brings every message there.
package wire

import "github.com/backprop-playground/playground/msg"

// URL is the training worker's script (worker.wasm in a Web Worker).
const URL = "/web/worker.js"

// Reply receives the answers to one request, on the UI goroutine.
type Reply func(msg.Event)

// Client is the page's end of one worker.
type Client struct {
	post    func(text string, parts msg.Parts)
	events  func(msg.Event)
	next    int
	pending []pending // by increasing id
	closed  bool
	end     func() // ends the worker and its callbacks; nil without one
}

type pending struct {
	id    int
	reply Reply
}

// New returns a client that posts requests with post and hands events
// that answer no request to events. Start connects one to a Web Worker;
// tests give their own post and play the worker with Receive.
func New(post func(text string, parts msg.Parts), events func(msg.Event)) *Client {
	return &Client{post: post, events: events}
}

// Send posts r with a new id and returns the id. Every answer to it goes
// to reply; with a nil reply, to the client's events.
func (c *Client) Send(r msg.Request, reply Reply) int {
	if c == nil || c.closed {
		return 0
	}
	c.next++
	r.ID = c.next
	if reply != nil {
		c.pending = append(c.pending, pending{r.ID, reply})
	}
	text, parts := msg.EncodeRequest(r)
	c.post(text, parts)
	return r.ID
}

// Receive decodes one message of the worker and hands the event to the
// reply of the request it answers, else to the client's events. A message
// that does not decode becomes an Error event of kind msg.FailProtocol.
func (c *Client) Receive(text string, parts msg.Parts) {
	if c == nil || c.closed {
		return
	}
	e, err := msg.DecodeEvent(text, parts)
	if err != nil {
		c.events(failure("the training worker sent a message the page cannot read: " + err.Error()))
		return
	}
	if e.ID == 0 {
		c.events(e)
		return
	}
	i := 0
	for i < len(c.pending) && c.pending[i].id < e.ID {
		i++
	}
	c.pending = c.pending[i:] // answered: see the package documentation
	if len(c.pending) > 0 && c.pending[0].id == e.ID {
		c.pending[0].reply(e)
		return
	}
	c.events(e)
}

// Fail reports that the worker failed (it did not start, or died): every
// request still waiting gets an Error event of kind msg.FailProtocol, and
// so do the client's events.
func (c *Client) Fail(text string) {
	if c == nil || c.closed {
		return
	}
	waiting := c.pending
	c.pending = nil
	for _, p := range waiting {
		e := failure(text)
		e.ID = p.id
		p.reply(e)
	}
	c.events(failure(text))
}

// Close ends the worker. Nothing is sent or received after it.
func (c *Client) Close() {
	if c == nil || c.closed {
		return
	}
	c.closed, c.pending = true, nil
	if c.end != nil {
		c.end()
	}
}

func failure(text string) msg.Event {
	return msg.Event{Kind: msg.Error, Err: &msg.Failure{Kind: msg.FailProtocol, Message: text}}
}
