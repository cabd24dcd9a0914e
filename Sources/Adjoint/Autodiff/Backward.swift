// The reverse pass: walk the recorded graph from the output back to the leaves.

extension Variable {
    /// Accumulates d(self)/d(leaf) into `grad` of every leaf that requires gradients and
    /// took part; a leaf the output does not depend on keeps its `grad` (nil if never set).
    ///
    /// Writing `grad` is not synchronised: to differentiate graphs that share leaves on several
    /// threads at once, use `gradients(of:wrt:)`, which writes nothing to the leaves.
    ///
    /// - Parameters:
    ///   - seed: the gradient of some downstream scalar with respect to `self`; defaults to 1
    ///     for a one-element output.
    ///   - retainGraph: keep the recorded graph (and its saved values) so a second backward
    ///     can run; by default it is freed as it is used.
    ///   - file: the caller's file, named by `withAnomalyDetection`'s reports.
    ///   - line: the caller's line.
    ///
    /// ```swift
    /// x.matmul(w).tanh().sum().backward()   // w.grad: d loss / d w
    /// let y = x.matmul(w)
    /// y.backward(seed: .ones(y.shape))      // y not a scalar
    /// ```
    public func backward(seed: Tensor<Scalar>? = nil, retainGraph: Bool = false,
                         file: StaticString = #fileID, line: UInt = #line) {
        _ = propagate(from: self, seed: seed, targets: [], retainGraph: retainGraph, createGraph: false,
                      accumulateIntoLeaves: true, entryPoint: "backward", call: CodeLocation(fileID: file, line: line))
    }
}

/// The gradients of `output` with respect to each of `inputs` (zeros for an input it does not
/// depend on), without touching any `grad`.
///
/// With `createGraph`, the backward pass itself is recorded, so the returned gradients can be
/// differentiated again (Hessian-vector products, gradient penalties).
///
/// ```swift
/// let (g) = gradients(of: (x * x * x).sum(), wrt: [x], createGraph: true)[0]   // 3x^2
/// let h = gradients(of: (g * v).sum(), wrt: [x])[0]                             // 6x * v
/// ```
public func gradients<S>(of output: Variable<S>, wrt inputs: [Variable<S>], seed: Tensor<S>? = nil,
                         retainGraph: Bool? = nil, createGraph: Bool = false,
                         file: StaticString = #fileID, line: UInt = #line) -> [Variable<S>] {
    propagate(from: output, seed: seed, targets: inputs, retainGraph: retainGraph ?? createGraph, createGraph: createGraph,
              accumulateIntoLeaves: false, entryPoint: "gradients", call: CodeLocation(fileID: file, line: line))
}

/// The value of `output` and its gradients with respect to `inputs`, freeing the graph.
///
/// ```swift
/// let (loss, grads) = valueWithGradient(of: model(x), wrt: [w, b])
/// ```
public func valueWithGradient<S>(of output: Variable<S>, wrt inputs: [Variable<S>], file: StaticString = #fileID,
                                 line: UInt = #line) -> (value: Tensor<S>, gradients: [Tensor<S>]) {
    (output.value, gradients(of: output, wrt: inputs, file: file, line: line).map(\.value))
}

/// The shared reverse pass of `backward()` and `gradients(of:wrt:)` (`entryPoint` names which,
/// in messages): checks the seed, then runs a `BackwardPass` with recording set to
/// `createGraph`. The operations inside pullbacks are not checked for anomalies themselves:
/// the pass checks what each pullback returns, and names the primitive it belongs to.
@_specialize(where S == Float)
@_specialize(where S == Double)
func propagate<S>(from output: Variable<S>, seed: Tensor<S>?, targets: [Variable<S>], retainGraph: Bool,
                  createGraph: Bool, accumulateIntoLeaves: Bool, entryPoint: String, call: CodeLocation) -> [Variable<S>] {
    check(output.requiresGrad,
          "\(entryPoint): the output does not require gradients (no input requires them, or it was computed without gradients)")
    let seed = seed ?? {
        check(output.value.count == 1,
              "\(entryPoint): output of shape \(describe(output.shape)) is not a scalar; pass a seed gradient of that shape")
        return Tensor(repeating: 1, shape: output.shape)
    }()
    check(seed.shape == output.shape,
          "\(entryPoint): seed shape \(describe(seed.shape)) differs from output shape \(describe(output.shape))")
    var pass = BackwardPass(from: output, entryPoint: entryPoint)
    let anomalies = TapeMode.current.anomalies
    let results = TapeMode.with({ $0 = TapeMode(isRecording: createGraph) }) {
        pass.run(seed: seed, targets: targets, retainGraph: retainGraph, accumulateIntoLeaves: accumulateIntoLeaves,
                 anomalies: anomalies, startedAt: call)
    }
    return zip(targets, results).map { target, grad in grad ?? Variable(constant: .zeros(target.shape)) }
}
