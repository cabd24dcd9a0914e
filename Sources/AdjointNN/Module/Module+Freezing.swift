// Freezing, as MLX Swift's `freeze`/`unfreeze` and PyTorch's `requires_grad_(False)`: a frozen
// parameter takes no gradient and no optimiser step, yet stays a parameter (listed, saved,
// loaded), so a checkpoint has the same tensors frozen or not.

extension Module {
    /// The parameters that take gradients, with their paths: `namedParameters` without the frozen.
    ///
    /// ```swift
    /// let model = Linear<Float>(4, 2)
    /// model.freeze(paths: ["bias"])
    /// print(model.namedTrainableParameters.map(\.path))   // ["weight"]
    /// ```
    public var namedTrainableParameters: [(path: String, variable: Variable<Scalar>)] {
        namedParameters.filter { $0.variable.requiresGrad }
    }

    /// The parameters that take gradients: what to build an optimiser from when some are frozen.
    ///
    /// ```swift
    /// let model = Linear<Float>(4, 2)
    /// let opt = SGD(model.trainableParameters, learningRate: 0.1)
    /// ```
    public var trainableParameters: [Variable<Scalar>] { namedTrainableParameters.map(\.variable) }

    /// Freezes every parameter of this module and its submodules: no gradients, no updates.
    ///
    /// ```swift
    /// let encoder = Linear<Float>(4, 2)
    /// encoder.freeze()
    /// ```
    public func freeze() { setRequiresGrad(false, paths: nil, op: "freeze") }

    /// Unfreezes every parameter of this module and its submodules.
    ///
    /// ```swift
    /// let encoder = Linear<Float>(4, 2)
    /// encoder.freeze(); encoder.unfreeze()
    /// ```
    public func unfreeze() { setRequiresGrad(true, paths: nil, op: "unfreeze") }

    /// Freezes the parameters at or below each path: a parameter's path (`fc1.weight`) or a
    /// submodule's (`fc1`, `layers.0`). A path that names none traps, listing the parameters.
    ///
    /// ```swift
    /// let model = Sequential<Float>([Linear(4, 8), ReLU(), Linear(8, 2)])
    /// model.freeze(paths: ["layers.0"])   // the first Linear's weight and bias
    /// ```
    public func freeze(paths: [String]) { setRequiresGrad(false, paths: paths, op: "freeze") }

    /// Unfreezes the parameters at or below each path (as `freeze(paths:)`).
    ///
    /// ```swift
    /// let model = Sequential<Float>([Linear(4, 8), ReLU(), Linear(8, 2)])
    /// model.freeze(); model.unfreeze(paths: ["layers.2"])   // train only the last layer
    /// ```
    public func unfreeze(paths: [String]) { setRequiresGrad(true, paths: paths, op: "unfreeze") }

    /// Sets `requiresGrad` of the parameters at or below `paths` (all if nil), after checking
    /// that each path names at least one, so nothing changes on a mistyped path.
    private func setRequiresGrad(_ requiresGrad: Bool, paths: [String]?, op: String) {
        let parameters = namedParameters
        guard let paths else {
            for (_, p) in parameters { p.requiresGrad = requiresGrad }
            return
        }
        func matches(_ parameter: String, _ path: String) -> Bool { parameter == path || parameter.hasPrefix(path + ".") }
        for path in paths where !parameters.contains(where: { matches($0.path, path) }) {
            fatalError("\(op): no parameter of \(type(of: self)) at or below \"\(path)\"; its parameters are \(parameters.map(\.path))")
        }
        for (path, p) in parameters where paths.contains(where: { matches(path, $0) }) { p.requiresGrad = requiresGrad }
    }
}
