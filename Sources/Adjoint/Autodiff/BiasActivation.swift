// A bias add followed by its activation (a linear or convolution layer's `+ b` and ReLU, tanh
// or GELU): one fused node, one pass forward and one backward, or inside `Fusion.with(false)`
// the composition of `add` and the activation's primitives.

/// The activation `addingBias(_:activation:)` applies after the bias.
public enum BiasActivation: Sendable {
    /// `max(z, 0)`, as `relu()`.
    case relu
    /// `tanh z`, as `tanh()`.
    case tanh
    /// The exact GELU `0.5 z (1 + erf(z / √2))`, as `gelu(approximate: false)` and PyTorch's `nn.GELU()`.
    case gelu
    /// GELU's tanh approximation, as `gelu()` and PyTorch's `nn.GELU(approximate="tanh")`.
    case geluTanh

    /// The fused primitive recording it.
    var primitive: Primitive {
        switch self {
        case .relu: .biasReLU
        case .tanh: .biasTanh
        case .gelu: .biasGELU
        case .geluTanh: .biasGELUTanh
        }
    }

    /// The activation as its composition of primitives.
    func composed<S>(_ z: Variable<S>) -> Variable<S> {
        switch self {
        case .relu: z.relu()
        case .tanh: z.tanh()
        case .gelu: z.gelu(approximate: false)
        case .geluTanh: z.gelu(approximate: true)
        }
    }
}

extension Variable {
    /// `(self + bias).relu()`, `.tanh()` or `.gelu(approximate:)`, with `bias` along the last
    /// axis: one fused node (`biasReLU`, `biasTanh`, `biasGELU`, `biasGELUTanh`; the composition
    /// inside `Fusion.with(false)`), whose forward has the composition's bits and whose backward
    /// takes one pass for both gradients.
    ///
    /// ```swift
    /// let h = Variable(Tensor<Float>.ones([8, 4])), b = Variable(Tensor<Float>([0.5, -2, 0, 1]))
    /// let y = h.addingBias(b, activation: .relu)   // [1.5, 0, 1, 2] in each row
    /// ```
    public func addingBias(_ bias: Variable, activation: BiasActivation, file: StaticString = #fileID,
                           line: UInt = #line) -> Variable {
        check(bias.shape.count == 1 && shape.last == bias.shape[0],
              "addingBias: bias of shape \(describe(bias.shape)) is not one per element of the last axis of \(describe(shape))")
        guard Fusion.isEnabled else { return activation.composed(self + bias) }
        if activation == .gelu || activation == .geluTanh {
            return addingBiasGELU(bias, approximate: activation == .geluTanh, at: CodeLocation(fileID: file, line: line))
        }
        let op: UnaryOp = activation == .relu ? .maximum : .tanh
        let columns = bias.shape[0], rows = value.count / Swift.max(columns, 1)
        let output = Tensor<Scalar>(uninitializedShape: shape)
        withElements([value, bias.value, output]) {
            biasActivationForward($0[0], bias: $0[1], rows: rows, columns: columns, op, $0[2])
        }
        return Variable.record(activation.primitive, output, self, bias, reads: .output,
                               at: CodeLocation(fileID: file, line: line)) { out, g in
            let (x, bias) = (out.inputs[0], out.inputs[1])
            if GradMode.isEnabled {
                // The bias's gradient in the output's shape: the backward pass sums it back.
                let gx = activation == .relu ? g * (out.value .> 0) : g * (1 - out * out)
                return Gradients(x.needing(gx), bias.needing(gx))
            }
            let gx = Tensor<Scalar>(uninitializedShape: out.shape), gbias = Tensor<Scalar>(uninitializedShape: [columns])
            withElements([g.value, out.value, gx, gbias]) {
                biasActivationBackward($0[0], $0[1], rows: rows, columns: columns, op, gx: $0[2], gbias: $0[3])
            }
            return Gradients(x.needing(Variable(constant: gx)), bias.needing(Variable(constant: gbias)))
        }
    }
}
