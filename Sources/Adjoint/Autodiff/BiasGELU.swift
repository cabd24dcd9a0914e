// The fused bias add and GELU behind `addingBias(_:activation: .gelu)` and `.geluTanh`: its
// pullback reads the input and the bias rather than the output, since GELU's derivative is a
// function of its argument, which the kernel recomputes with the bias while it is in cache.

extension Variable {
    /// The `biasGELU` (exact) or `biasGELUTanh` node of `addingBias(bias, activation:)`.
    func addingBiasGELU(_ bias: Variable, approximate: Bool, at location: CodeLocation) -> Variable {
        let columns = bias.shape[0], rows = value.count / Swift.max(columns, 1)
        let output = Tensor<Scalar>(uninitializedShape: shape)
        withElements([value, bias.value, output]) {
            biasGELUForward($0[0], bias: $0[1], rows: rows, columns: columns, approximate: approximate, $0[2])
        }
        let primitive: Primitive = approximate ? .biasGELUTanh : .biasGELU
        return Variable.record(primitive, output, self, bias, reads: [.first, .second], at: location) { out, g in
            let (x, bias) = (out.inputs[0], out.inputs[1])
            if GradMode.isEnabled {
                // The bias's gradient in the output's shape: the backward pass sums it back.
                let gx = g * geluSlope(x + bias, approximate: approximate)
                return Gradients(x.needing(gx), bias.needing(gx))
            }
            let gx = Tensor<Scalar>(uninitializedShape: out.shape), gbias = Tensor<Scalar>(uninitializedShape: [columns])
            withElements([g.value, x.value, bias.value, gx, gbias]) {
                biasGELUBackward($0[0], $0[1], bias: $0[2], rows: rows, columns: columns, approximate: approximate,
                                 gx: $0[3], gbias: $0[4])
            }
            return Gradients(x.needing(Variable(constant: gx)), bias.needing(Variable(constant: gbias)))
        }
    }
}

/// GELU's derivative at `z` in primitives, for a backward pass that is itself recorded.
private func geluSlope<S>(_ z: Variable<S>, approximate: Bool) -> Variable<S> {
    guard approximate else {
        let density = S(1 / (2 * Double.pi).squareRoot())
        let cdf: Variable<S> = ((z * geluErfScale()).erf() + 1) * 0.5
        return cdf + z * (z * z * -0.5).exp() * density
    }
    let (cubic, scale): (S, S) = (geluCubic(), geluTanhScale())
    let t: Variable<S> = ((z + z * z * z * cubic) * scale).tanh()
    let inner: Variable<S> = (z * z * (3 * cubic) + 1) * scale
    let tail: Variable<S> = z * 0.5 * (1 - t * t) * inner
    return (t + 1) * 0.5 + tail
}
