import Foundation

extension Module {
    /// Writes the model's parameters and buffers as a PyTorch `state_dict` in safetensors,
    /// which `model.load_state_dict(safetensors.torch.load_file(path))` reads into the same
    /// layers in PyTorch: each tensor in PyTorch's layout and under its key (see
    /// `loadPyTorchStateDict(from:strict:keyMapping:flattenedMaps:)`, whose `keyMapping` and
    /// `flattenedMaps` mean the same here), `F32` for a `Float` model and `F64` for a `Double`
    /// one. The file is written atomically; a failure throws `PyTorchWeightsError`.
    ///
    /// ```swift
    /// let model = Sequential<Float>([Linear(4, 8), ReLU(), Linear(8, 2)])
    /// let url = FileManager.default.temporaryDirectory.appending(path: "mlp-\(UUID().uuidString).safetensors")
    /// try model.savePyTorchStateDict(to: url)   // keys 0.weight (8, 4), 0.bias, 2.weight (2, 8), 2.bias
    /// try FileManager.default.removeItem(at: url)
    /// ```
    public func savePyTorchStateDict(to url: URL, keyMapping: PyTorchKeyMapping = [:],
                                     flattenedMaps: [String: FlattenedMap] = [:]) throws {
        let tensors = pyTorchStateLayout(flattenedMaps: flattenedMaps).slots.map { slot in
            (name: keyMapping.fileKey(forModel: slot.key), tensor: slot.layout.pyTorch(slot.value()))
        }
        try PyTorchWeightsError.passingOn { try SafeTensors.write(tensors, metadata: ["format": "pt"], to: url) }
    }
}
