// A model's tensors under the keys PyTorch's state_dict gives the same layers: a layer PyTorch
// names its own way (`LayerNorm`'s `gamma` is `weight`, an `LSTM`'s `cells.0.weightInputHidden`
// is `weight_ih_l0`) is recognised by its type wherever it sits, a `Sequential`'s `layers.2` is
// PyTorch's `2`, and anything else keeps its Adjoint path.

/// A model's state_dict slots and the keys it accepts but does not hold.
struct PyTorchStateLayout<S: TensorScalar> {
    var slots: [PyTorchSlot<S>] = []
    var ignored: Set<String> = []
}

extension Module {
    /// The model's tensors with PyTorch's key and shape, in state_dict order: what
    /// `savePyTorchStateDict` writes and `loadPyTorchStateDict` expects (before any key mapping).
    ///
    /// ```swift
    /// let model = Sequential<Float>([Conv2D(inChannels: 1, outChannels: 6, kernel: 5), ReLU(), LayerNorm(6)])
    /// print(model.pyTorchStateDictShapes.map(\.key))   // ["0.weight", "0.bias", "2.weight", "2.bias"]
    /// ```
    public var pyTorchStateDictShapes: [(key: String, shape: [Int])] {
        pyTorchStateLayout(flattenedMaps: [:]).slots.map { ($0.key, $0.pyTorchShape) }
    }

    /// The slots of this model; `flattenedMaps` is keyed by a `Linear`'s state_dict name (its
    /// weight's key without `.weight`). A key naming no `Linear`, or one whose map does not
    /// flatten to the linear's input size, is a programmer error and traps, as does a key two
    /// tensors share.
    func pyTorchStateLayout(flattenedMaps: [String: FlattenedMap]) -> PyTorchStateLayout<Scalar> {
        var layout = PyTorchStateLayout<Scalar>()
        var flattenedUsed: Set<String> = []
        collectPyTorchSlots(self, prefix: "", flattenedMaps: flattenedMaps, used: &flattenedUsed, into: &layout)
        if let unused = flattenedMaps.keys.sorted().first(where: { !flattenedUsed.contains($0) }) {
            fatalError("PyTorch weights: flattenedMaps names \"\(unused)\", which is no Linear of the model")
        }
        var seen: Set<String> = []
        for slot in layout.slots {
            if !seen.insert(slot.key).inserted { fatalError("PyTorch weights: two tensors of the model have the key \"\(slot.key)\"") }
        }
        return layout
    }
}

/// Adds the slots of `module`, its keys under `prefix`, to `layout`.
private func collectPyTorchSlots<S>(_ module: Module<S>, prefix: String, flattenedMaps: [String: FlattenedMap],
                                    used: inout Set<String>, into layout: inout PyTorchStateLayout<S>) {
    let name = String(prefix.dropLast())
    let flattened = flattenedMaps[name]
    if let flattened {
        guard let linear = module as? Linear<S> else {
            fatalError("PyTorch weights: flattenedMaps names \"\(name)\", a \(type(of: module)), not a Linear")
        }
        check(linear.weight.shape[0] == flattened.count,
              "PyTorch weights: flattenedMaps gives \"\(name)\" a \(flattened.channels)x\(flattened.height)x\(flattened.width) map of \(flattened.count) features, the Linear takes \(linear.weight.shape[0])")
        used.insert(name)
    }
    if let slots = layerSlots(module, prefix: prefix, flattened: flattened) {
        layout.slots += slots
        layout.ignored.formUnion(ignoredKeys(module, prefix: prefix))
        return
    }
    let children = module.children
    let childPrefixes = children.map { $0.name + "." }
    // The module's own parameters and buffers, those of no submodule, keep their paths.
    for (path, variable) in module.namedParameters where !childPrefixes.contains(where: path.hasPrefix) {
        layout.slots.append(PyTorchSlot(prefix + path, variable))
    }
    for (path, buffer) in module.namedBuffers where !childPrefixes.contains(where: path.hasPrefix) {
        layout.slots.append(PyTorchSlot(prefix + path, buffer))
    }
    for (childName, child) in children {
        // nn.Sequential names its parts 0, 1, ...; Adjoint's are the array `layers`.
        let key = module is Sequential<S> && childName.hasPrefix("layers.") ? String(childName.dropFirst("layers.".count)) : childName
        collectPyTorchSlots(child, prefix: prefix + key + ".", flattenedMaps: flattenedMaps, used: &used, into: &layout)
    }
}
