/// One tensor of a model as a PyTorch state_dict holds it: its key, where it lives in the
/// model, and how its layout differs.
struct PyTorchSlot<S: TensorScalar> {
    /// The state_dict key, such as `features.0.weight` or `lstm.weight_ih_l0`.
    let key: String
    /// How the PyTorch tensor's layout differs from the model's.
    let layout: PyTorchLayout
    /// The model's tensor, in Adjoint's layout.
    let value: () -> Tensor<S>
    /// Sets the model's tensor, given in Adjoint's layout.
    let assign: (Tensor<S>) -> Void

    /// A parameter's slot.
    init(_ key: String, _ variable: Variable<S>, _ layout: PyTorchLayout = .same) {
        self.key = key
        self.layout = layout
        value = { variable.value }
        assign = { variable.value = $0 }
    }

    /// A buffer's slot.
    init(_ key: String, _ buffer: Buffer<S>) {
        self.key = key
        layout = .same
        value = { buffer.value }
        assign = { buffer.value = $0 }
    }

    /// The tensor's shape in PyTorch's layout.
    var pyTorchShape: [Int] { layout.pyTorchShape(value().shape) }
}
