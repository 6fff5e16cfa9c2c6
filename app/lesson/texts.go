package lesson

import (
	"fmt"
	stdmath "math"

	"github.com/backprop-playground/playground/core/nn"
)

// The words and formulas that depend on the activation and the optimizer.

func logOf(v float64) float64 { return stdmath.Log(v) }

func actTitle(act string) string {
	switch act {
	case "relu":
		return "ReLU"
	case "leakyrelu":
		return "leaky ReLU"
	case "tanh":
		return "tanh"
	case "sigmoid":
		return "sigmoid"
	}
	return act
}

func actFormula(act, z string) string {
	switch act {
	case "relu":
		return mrow(mi("max"), paren(mn("0"), mo(","), z))
	case "leakyrelu":
		return mrow(mi("max"), paren(mn(fmt.Sprint(nn.LeakySlope)), z, mo(","), z))
	case "tanh":
		return mrow(mi("tanh"), paren(z))
	case "sigmoid":
		return frac(mn("1"), mrow(mn("1"), mo("+"), sup(mi("e"), mrow(mo("−"), z))))
	}
	return mrow(mi("f"), paren(z))
}

func actText(act, z, a string) string {
	switch act {
	case "relu":
		return fmt.Sprintf("The ReLU keeps positive entries of %s and sets negative ones to zero, entry by entry: "+
			"each entry of %s depends only on the same entry of %s. Units that are zero for a sample pass nothing on.", z, a, z)
	case "leakyrelu":
		return fmt.Sprintf("The leaky ReLU keeps positive entries of %s and scales negative ones by %g, entry by entry.", z, nn.LeakySlope)
	case "tanh":
		return fmt.Sprintf("tanh squashes each entry of %s into (−1, 1), entry by entry.", z)
	case "sigmoid":
		return fmt.Sprintf("The sigmoid squashes each entry of %s into (0, 1), entry by entry.", z)
	}
	return "The activation applies entry by entry."
}

func maskTitle(act string) string {
	if act == "relu" {
		return "the ReLU mask"
	}
	return "the activation's slope"
}

func maskCaption(act string) string {
	if act == "relu" {
		return "1 where the unit was active"
	}
	return "the activation's derivative at each entry"
}

// maskSym is f'(z), e.g. relu′(z₂).
func maskSym(act, z string) string {
	n := act
	if act == "leakyrelu" {
		n = "leaky"
	}
	return mrow(mi(n+"′"), paren(z))
}

func maskFormula(act, z, a string) string {
	switch act {
	case "relu":
		return mrow(mn("1"), paren(z, mo(">"), mn("0")))
	case "leakyrelu":
		return mrow(mn("1"), mtext(" if "), z, mo(">"), mn("0"), mtext(", else "), mn(fmt.Sprint(nn.LeakySlope)))
	case "tanh":
		return mrow(mn("1"), mo("−"), sup(a, mn("2")))
	case "sigmoid":
		return mrow(a, paren(mn("1"), mo("−"), a))
	}
	return mi("f′")
}

func maskText(act, z string) string {
	switch act {
	case "relu":
		return fmt.Sprintf("The ReLU's derivative is 1 where %s was positive and 0 elsewhere (the report's convention at 0): "+
			"a mask of the units that were active for each sample.", z)
	case "leakyrelu":
		return fmt.Sprintf("The leaky ReLU's derivative is 1 where %s was positive and %g elsewhere.", z, nn.LeakySlope)
	case "tanh":
		return "tanh's derivative, 1 − tanh², is largest near 0 and vanishes where the unit saturates."
	case "sigmoid":
		return "The sigmoid's derivative a(1 − a) is at most 1/4: every sigmoid layer shrinks the gradient at least fourfold."
	}
	return "The activation's derivative at each entry."
}

func maskPassText(act string) string {
	if act == "relu" {
		return "Where the mask is 0 the unit was off for that sample, and no gradient flows back through it."
	}
	return "Where the slope is small, little gradient flows back."
}

func updateFormula(st Setup, w, dw string) string {
	eta := mi("η")
	switch st.Optimizer {
	case "nesterov":
		return mrow(w, mo("←"), w, mo("−"), paren(mn("1"), mo("+"), mi("μ")), eta, dw)
	case "adam":
		return mrow(w, mo("←"), w, mo("−"), eta, frac(mover(mi("m")), mrow(msqrt(mover(mi("v"))), mo("+"), mi("ε"))))
	}
	return mrow(w, mo("←"), w, mo("−"), eta, dw)
}

func mover(x string) string { return "<mover>" + x + mo("^") + "</mover>" }
func msqrt(x string) string { return "<msqrt>" + x + "</msqrt>" }

func updateText(st Setup) string {
	switch st.Optimizer {
	case "sgd":
		return fmt.Sprintf("Plain SGD takes one step down the gradient with learning rate η = %g, for every weight and bias. "+
			"The next forward pass starts from these.", st.LR)
	case "momentum":
		return fmt.Sprintf("Momentum's first step, from zero velocity, is SGD's: W − η ∂J/∂W with η = %g.", st.LR)
	case "nesterov":
		return fmt.Sprintf("Nesterov momentum's first step, from zero velocity, is (1 + μ) times SGD's, with η = %g and μ = %g.", st.LR, st.Momentum)
	case "adam":
		return fmt.Sprintf("Adam's first step divides the bias-corrected first moment m̂ = g by √v̂ = |g|: every parameter moves by about η = %g, "+
			"whatever the size of its gradient.", st.LR)
	}
	return "The optimizer's step."
}
