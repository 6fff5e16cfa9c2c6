// Package classroom is the model of a classroom scenario: a dataset, one
// network's settings (or two, shown side by side), which controls students
// do not see, a title and a short text. A teacher builds one and shares it
// as a link; students opening the link get exactly that. It imports no
// go-app: the pages in app/ render a Scenario.
//
// # Links
//
// Encode writes a Scenario as a URL query with every field of the declared
// schema Fields, in order; Parse reads one back, and Parse(s.Encode())
// equals s for every valid s. A link may also start from a ready scenario
// and change some fields:
//
//	?scenario=bad-init                     the ready scenario as shipped
//	?scenario=bad-init&lr=0.05&hide=       the same with another rate, nothing hidden
//	?title=Spirals&data=spiral&classes=5   the default scenario with five arms
//
// Bad input is an error naming the field as the link spells it ("lr",
// "hide[2]", "vs.init"), an *nn.ConfigError, never a silent default.
//
// # Two nets side by side
//
// Compare, if set, is a second network trained beside the first on the
// same data, e.g. the report's std 1e-4 initialization next to He's. The
// link carries it as "vs": the train.Config fields where it differs from
// Config, as a nested query (vs=init%3Dhe).
//
// # Text
//
// Title and Text are plain text: the page must render them as text (never
// as HTML), since anyone can write a link.
package classroom
