// Package chart draws the playground's line charts as SVG text: axes with
// "nice" ticks, one path per series, and hover zones that show the values
// under the pointer. It imports no go-app and no syscall/js: a chart is a
// pure function of its data, tested natively, and the page inserts the
// text with app.Raw.
//
// # Hover without code
//
// Each hover zone is a <g class="hz"> holding a transparent rectangle as
// wide as its slice of the x axis, a guide line, a dot per series and a
// tooltip. The stylesheet hides the guide, dots and tooltip unless the
// zone is hovered (.hz:hover), so hovering costs no Go code, no event
// handler and no re-render:
//
//	.chart .hz .tip, .chart .hz .guide, .chart .hz .dot { visibility: hidden; }
//	.chart .hz:hover .tip, .chart .hz:hover .guide, .chart .hz:hover .dot { visibility: visible; }
//
// Every zone also has a <title>, which browsers show as a native tooltip
// and screen readers read.
//
// # Invariants
//
// SVG never panics and never writes NaN or infinity: points whose x or y
// is not finite are skipped, an empty chart draws its frame and Empty, and
// a flat series gets a y range around its value. All text (names, labels,
// formatted values) is escaped.
package chart
