// The state_dict keys of the layers PyTorch has under other names or layouts, chosen by the
// layer's type wherever it sits in a model.

/// The slots of `module` when it is a layer PyTorch names its own way, its keys under
/// `prefix` (`""` or ending in a dot); nil for any other module. `flattened` is the map a
/// `Linear` takes flattened, if any.
func layerSlots<S>(_ module: Module<S>, prefix: String, flattened: FlattenedMap?) -> [PyTorchSlot<S>]? {
    switch module {
    case let linear as Linear<S>:
        let layout = flattened.map(PyTorchLayout.flattened) ?? .transposed
        return [PyTorchSlot(prefix + "weight", linear.weight, layout), PyTorchSlot(prefix + "bias", linear.bias)]
    case let conv as Conv2D<S>:
        return [PyTorchSlot(prefix + "weight", conv.weight, .conv2d), PyTorchSlot(prefix + "bias", conv.bias)]
    case let conv as ConvTranspose2D<S>:
        return [PyTorchSlot(prefix + "weight", conv.weight, .conv2d), PyTorchSlot(prefix + "bias", conv.bias)]
    case let conv as Conv1D<S>:
        return [PyTorchSlot(prefix + "weight", conv.weight, .conv1d), PyTorchSlot(prefix + "bias", conv.bias)]
    case let embedding as Embedding<S>:
        return [PyTorchSlot(prefix + "weight", embedding.weight)]
    case let norm as BatchNorm<S>:
        return [PyTorchSlot(prefix + "weight", norm.gamma), PyTorchSlot(prefix + "bias", norm.beta),
                PyTorchSlot(prefix + "running_mean", norm.runningMean), PyTorchSlot(prefix + "running_var", norm.runningVariance)]
    case let norm as LayerNorm<S>:
        return [PyTorchSlot(prefix + "weight", norm.gamma), PyTorchSlot(prefix + "bias", norm.beta)]
    case let norm as GroupNorm<S>:
        return [PyTorchSlot(prefix + "weight", norm.gamma), PyTorchSlot(prefix + "bias", norm.beta)]
    case let lstm as LSTM<S>:
        return lstm.cells.enumerated().flatMap { cellSlots($1, prefix: prefix, suffix: "_l\($0)") }
    case let gru as GRU<S>:
        return gru.cells.enumerated().flatMap { cellSlots($1, prefix: prefix, suffix: "_l\($0)") }
    case let cell as RecurrentCell<S>:
        return cellSlots(cell, prefix: prefix, suffix: "")
    case let attention as MultiheadAttention<S>:
        return [PyTorchSlot(prefix + "in_proj_weight", attention.inProjectionWeight, .transposed),
                PyTorchSlot(prefix + "in_proj_bias", attention.inProjectionBias),
                PyTorchSlot(prefix + "out_proj.weight", attention.outProjection.weight, .transposed),
                PyTorchSlot(prefix + "out_proj.bias", attention.outProjection.bias)]
    default:
        return nil
    }
}

/// A recurrent cell's four tensors as `weight_ih<suffix>`, ...: the gate order is PyTorch's
/// already (i, f, g, o and r, z, n), so only the weights are transposed.
private func cellSlots<S>(_ cell: RecurrentCell<S>, prefix: String, suffix: String) -> [PyTorchSlot<S>] {
    [PyTorchSlot(prefix + "weight_ih" + suffix, cell.weightInputHidden, .transposed),
     PyTorchSlot(prefix + "weight_hh" + suffix, cell.weightHiddenHidden, .transposed),
     PyTorchSlot(prefix + "bias_ih" + suffix, cell.biasInputHidden),
     PyTorchSlot(prefix + "bias_hh" + suffix, cell.biasHiddenHidden)]
}

/// State PyTorch saves that Adjoint's layer has no use for: a `BatchNorm`'s
/// `num_batches_tracked` (PyTorch reads it only with `momentum=None`). It is accepted on
/// loading and not written on saving, which PyTorch's `load_state_dict` fills in as it does
/// for old files.
func ignoredKeys<S>(_ module: Module<S>, prefix: String) -> [String] {
    module is BatchNorm<S> ? [prefix + "num_batches_tracked"] : []
}
