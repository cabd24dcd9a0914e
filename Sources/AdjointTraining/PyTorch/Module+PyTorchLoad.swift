import Foundation

/// The keys a non-strict `loadPyTorchStateDict` left alone, as PyTorch's `load_state_dict`
/// returns them: the model's keys the file lacks and the file's keys the model lacks.
///
/// ```swift
/// let skipped = PyTorchIncompatibleKeys(missing: ["0.bias"], unexpected: [])
/// print(skipped.missing)   // ["0.bias"]
/// ```
public struct PyTorchIncompatibleKeys: Equatable, Sendable {
    /// The model's keys (after the key mapping) that the file has no tensor for; they keep their values.
    public let missing: [String]
    /// The file's keys that name nothing in the model; they are not read.
    public let unexpected: [String]

    /// Keys left alone.
    public init(missing: [String], unexpected: [String]) {
        self.missing = missing
        self.unexpected = unexpected
    }
}

extension Module {
    /// Loads a PyTorch `state_dict` saved as safetensors (`safetensors.torch.save_file`), each
    /// tensor converted to Adjoint's layout by the type of the layer it belongs to: `Linear`,
    /// `Conv2D`, `ConvTranspose2D`, `Conv1D`, `Embedding`, `BatchNorm`, `LayerNorm`,
    /// `GroupNorm`, `LSTM`, `GRU`, their cells and `MultiheadAttention`; a `Sequential`'s parts
    /// are `0`, `1`, ... as in `nn.Sequential`; other parameters keep their paths.
    ///
    /// `keyMapping` turns the file's keys into the model's where the names differ.
    /// `flattenedMaps` gives, for each `Linear` a PyTorch model feeds a flattened NCHW map, the
    /// map's `(C, H, W)`: its weight's columns are reordered for the NHWC map Adjoint flattens
    /// (`Sequential.flattenedMaps(inputShape:)` finds a `Sequential`'s).
    /// `F32`, `F16` and `BF16` load into `Float` models, and `F64` too into `Double` ones;
    /// `BatchNorm`'s `num_batches_tracked` is accepted and unused (the layer's `momentum` is the
    /// share kept, so PyTorch's `momentum=0.1` is `momentum: 0.9`). With `strict` (PyTorch's
    /// default) the keys must match both ways; otherwise the tensors that match load and the
    /// others are returned.
    ///
    /// Every key, shape and dtype is checked and every tensor read before anything changes, so
    /// a bad file throws `PyTorchWeightsError` (naming the file, the key and the shapes) and
    /// leaves the model as it was.
    ///
    /// ```swift
    /// let url = URL(fileURLWithPath: "lenet.safetensors")   // torch: save_file(net.state_dict(), ...)
    /// let model = Sequential<Float>([Conv2D(inChannels: 1, outChannels: 6, kernel: 5), ReLU(), MaxPool2D(pool: 2, stride: 2),
    ///                                Flatten(), Linear(6 * 14 * 14, 10)])
    /// if FileManager.default.fileExists(atPath: url.path) {
    ///     try model.loadPyTorchStateDict(from: url, keyMapping: ["conv1": "0", "fc1": "4"],
    ///                                    flattenedMaps: ["4": FlattenedMap(channels: 6, height: 14, width: 14)])
    /// }
    /// ```
    @discardableResult
    public func loadPyTorchStateDict(from url: URL, strict: Bool = true, keyMapping: PyTorchKeyMapping = [:],
                                     flattenedMaps: [String: FlattenedMap] = [:]) throws -> PyTorchIncompatibleKeys {
        let layout = pyTorchStateLayout(flattenedMaps: flattenedMaps)
        let file = try PyTorchWeightsError.passingOn { try SafeTensors.openWidening(url) }
        func fail(_ problem: PyTorchWeightsError.Problem) -> PyTorchWeightsError { PyTorchWeightsError(file: file.path, problem: problem) }

        var fileNames: [String: String] = [:]   // the model's key -> the file's
        for name in file.names.sorted() {
            let key = keyMapping.modelKey(forFile: name)
            if let other = fileNames.updateValue(name, forKey: key) { throw fail(.duplicateKey(key, files: [other, name])) }
        }
        let modelKeys = Set(layout.slots.map(\.key))
        let missing = layout.slots.map(\.key).filter { fileNames[$0] == nil }
        let unexpected = fileNames.filter { !modelKeys.contains($0.key) && !layout.ignored.contains($0.key) }.values.sorted()
        if strict && !(missing.isEmpty && unexpected.isEmpty) {
            throw fail(.incompatibleKeys(missing: missing, unexpected: unexpected))
        }

        let present = layout.slots.compactMap { slot in fileNames[slot.key].map { (slot, name: $0) } }
        for (slot, name) in present {
            let (shape, dtype) = (file.shape(of: name)!, file.dtype(of: name)!)
            guard shape == slot.pyTorchShape else { throw fail(.shapeMismatch(key: name, expected: slot.pyTorchShape, found: shape)) }
            guard loadsWithoutLoss(dtype, into: Scalar.self) else {
                throw fail(.dtypeMismatch(key: name, expected: Scalar.dtypeName, found: dtype))
            }
        }
        let values = try PyTorchWeightsError.passingOn {
            try present.map { slot, name in slot.layout.adjoint(Tensor<Scalar>(try file.widenedTensor(named: name))) }
        }
        for ((slot, _), value) in zip(present, values) { slot.assign(value) }
        return PyTorchIncompatibleKeys(missing: missing, unexpected: unexpected)
    }
}

/// Whether every value of a floating `dtype` is a value of `S`: 16-bit floats fit both, `F32`
/// fits `Float` and `Double`, `F64` only `Double`; integers are no weights.
private func loadsWithoutLoss<S: TensorScalar>(_ dtype: String, into _: S.Type) -> Bool {
    let bits: Int? = switch dtype {
    case "F16", "BF16": 16
    case "F32": 32
    case "F64": 64
    default: nil
    }
    return bits.map { $0 <= MemoryLayout<S>.size * 8 } ?? false
}
