/// A model's parameters grouped by layer: each layer's tensors with their shapes and its
/// parameter count, as the run page's "Model" table shows them.
///
/// A layer is a parameter path without its last component (`fc1.weight` -> `fc1`), so the
/// summary follows the model's own property names.
///
/// ```swift
/// let summary = ModelSummary(TwoLayerNet<Float>(inputSize: 784, hiddenSize: 256, classes: 10))
/// print(summary.rows.map(\.layer), summary.total)   // ["fc1", "fc2"] 203530
/// ```
public struct ModelSummary: Sendable, Equatable {
    /// One layer: its path, its tensors as `name shape` and its parameter count.
    ///
    /// ```swift
    /// for row in ModelSummary(net).rows { print(row.layer, row.tensors, row.count) }
    /// ```
    public struct Row: Sendable, Equatable {
        /// The layer's path, e.g. `fc1` or `layers.0`; `(model)` for parameters of the model itself.
        public var layer: String
        /// The layer's tensors as `name shape`, e.g. `weight 784x256`.
        public var tensors: [String]
        /// The layer's parameter count.
        public var count: Int
    }

    /// The model's type name, e.g. `SmallConvolutionalNetwork<Float>`.
    public var modelType: String
    /// The layers, in the order of the model's parameters.
    ///
    /// ```swift
    /// for row in summary.rows { print(row.layer, row.count) }
    /// ```
    public var rows: [Row]

    /// The summary of `model`'s trainable parameters.
    ///
    /// ```swift
    /// let rows = ModelSummary(cnn).rows
    /// ```
    public init<Scalar: TensorScalar>(_ model: Module<Scalar>) {
        modelType = String(describing: type(of: model))
        var rows: [Row] = []
        for (path, variable) in model.namedParameters {
            let parts = path.split(separator: ".")
            let layer = parts.count > 1 ? parts.dropLast().joined(separator: ".") : "(model)"
            let tensor = "\(parts.last ?? "") \(variable.shape.map(String.init).joined(separator: "x"))"
            if rows.last?.layer == layer {
                rows[rows.count - 1].tensors.append(tensor)
                rows[rows.count - 1].count += variable.value.count
            } else {
                rows.append(Row(layer: layer, tensors: [tensor], count: variable.value.count))
            }
        }
        self.rows = rows
    }

    /// The number of trainable parameters.
    ///
    /// ```swift
    /// ModelSummary(model).total == model.parameterCount   // true
    /// ```
    public var total: Int { rows.reduce(0) { $0 + $1.count } }
}
