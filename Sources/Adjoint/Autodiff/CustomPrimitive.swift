// A primitive the user defines, as PyTorch's `torch.autograd.Function`: a forward on tensors
// and a vector-Jacobian product, recorded on the tape like a built-in one.

/// An operation with its own forward and vector-Jacobian product, recorded on the tape as one
/// node, like a built-in `Primitive`: for a fused op whose composition would record many nodes,
/// or a derivative more stable or cheaper than the composition's.
///
/// `forward` maps the inputs' values to the output's. `pullback` maps the inputs, the output
/// and the output's gradient `g` to one gradient per input (nil for one that needs none); a
/// gradient may have the output's broadcast shape, which the backward pass sums back to its
/// input's. Written with `Variable` operations, the pullback is itself differentiable, so
/// `createGraph: true` gives higher derivatives. The pullback may read every input's and the
/// output's value, so none of them is freed before the backward pass. Check it with
/// `gradcheck`.
///
/// ```swift
/// // log Σ exp x along the last axis, shifted by the maximum so no exp overflows.
/// let logSumExp = CustomPrimitive<Double>("logSumExp", forward: { x in
///     let m = x[0].max(alongAxes: [-1], keepingDimensions: true)
///     return (x[0] - m).exp().sum(alongAxes: [-1], keepingDimensions: true).log() + m
/// }, pullback: { x, z, g in
///     [g * (x[0] - z).exp()]          // softmax(x) ⊙ g, broadcast along the last axis
/// })
/// let y = logSumExp(Variable(Tensor<Double>.randn([4, 10], using: &rng)))   // (4, 10) -> (4, 1)
/// ```
public struct CustomPrimitive<Scalar: TensorScalar>: Sendable {
    /// The primitive the tape records, named as given; `isCustom` is true.
    public let primitive: Primitive
    private let forward: @Sendable ([Tensor<Scalar>]) -> Tensor<Scalar>
    private let pullback: @Sendable (_ inputs: [Variable<Scalar>], _ output: Variable<Scalar>,
                                     _ grad: Variable<Scalar>) -> [Variable<Scalar>?]

    /// A primitive named `name` (a literal, printed in reports and messages).
    ///
    /// ```swift
    /// let cube = CustomPrimitive<Double>("cube", forward: { $0[0].pow(3) },
    ///                                    pullback: { x, _, g in [3 * g * x[0] * x[0]] })
    /// ```
    public init(_ name: StaticString, forward: @escaping @Sendable (_ inputs: [Tensor<Scalar>]) -> Tensor<Scalar>,
                pullback: @escaping @Sendable (_ inputs: [Variable<Scalar>], _ output: Variable<Scalar>,
                                               _ grad: Variable<Scalar>) -> [Variable<Scalar>?]) {
        self.primitive = Primitive(name, isCustom: true)
        self.forward = forward
        self.pullback = pullback
    }

    /// The forward value of `inputs`, recorded with the pullback when one of them requires
    /// gradients. A pullback that returns a wrong number of gradients, or one of a shape its
    /// input does not broadcast to, stops the backward pass with a message naming the primitive.
    public func callAsFunction(_ inputs: Variable<Scalar>..., file: StaticString = #fileID,
                               line: UInt = #line) -> Variable<Scalar> {
        callAsFunction(inputs, file: file, line: line)
    }

    /// The same for an array of inputs.
    public func callAsFunction(_ inputs: [Variable<Scalar>], file: StaticString = #fileID,
                               line: UInt = #line) -> Variable<Scalar> {
        check(!inputs.isEmpty, "\(primitive.name): a custom primitive needs at least one input")
        let (pullback, name) = (self.pullback, primitive.name)
        return Variable.record(primitive, forward(inputs.map(\.value)), NodeList(contentsOf: inputs), reads: .everything,
                               at: CodeLocation(fileID: file, line: line)) { out, g in
            let gradients = pullback(Array(out.inputs), out, g)
            check(gradients.count == out.inputs.count,
                  "\(name): the pullback returned \(gradients.count) gradients for \(out.inputs.count) inputs")
            return Variable.Gradients(contentsOf: gradients)
        }
    }
}
