/// The validated contents of a safetensors file: its tensors in file order and its metadata.
///
/// ```swift
/// let file = try SafeTensors.read(from: url)
/// let w1 = try file.tensor(named: "W1", as: Double.self, shape: [15, 20])
/// for (name, stored) in file.tensors { print(name, stored.dtype, stored.shape) }
/// ```
public struct SafeTensorsFile: Sendable {
    /// The path the file was read from, used in error messages.
    ///
    /// ```swift
    /// try SafeTensors.read(from: URL(fileURLWithPath: "/runs/a/best.safetensors")).path   // "/runs/a/best.safetensors"
    /// ```
    public let path: String
    /// The `__metadata__` strings (empty when the file has none).
    ///
    /// ```swift
    /// let epoch = file.metadata["epoch"] ?? "-"
    /// ```
    public let metadata: [String: String]
    /// Every tensor, in the order of the data section (the order they were written).
    ///
    /// ```swift
    /// for (name, stored) in file.tensors { print(name, stored.dtype, stored.shape) }
    /// ```
    public let tensors: [(name: String, tensor: StoredTensor)]
    private let positions: [String: Int]

    init(path: String, metadata: [String: String], tensors: [(name: String, tensor: StoredTensor)]) {
        self.path = path
        self.metadata = metadata
        self.tensors = tensors
        self.positions = Dictionary(uniqueKeysWithValues: tensors.enumerated().map { ($1.name, $0) })
    }

    /// The tensor names in file order.
    public var names: [String] { tensors.map(\.name) }

    /// The tensor called `name`, of whichever dtype, or nil.
    ///
    /// ```swift
    /// if let stored = file["fc1_w"] { print(stored.dtype) }
    /// ```
    public subscript(name: String) -> StoredTensor? {
        positions[name].map { tensors[$0].tensor }
    }

    /// The tensor called `name` as a `Tensor<S>`, checking its dtype and, if given, its shape.
    ///
    /// Throws ``SafeTensorsError`` when the name is missing, the dtype is not `S.dtypeName`, or
    /// the shape differs; nothing is converted silently.
    ///
    /// ```swift
    /// let w = try file.tensor(named: "fc1_w", as: Float.self, shape: [784, 100])
    /// ```
    public func tensor<S: TensorScalar>(named name: String, as type: S.Type = S.self,
                                        shape: [Int]? = nil) throws -> Tensor<S> {
        guard let stored = self[name] else {
            throw SafeTensorsError(file: path, problem: .missingTensor(name: name, available: names))
        }
        guard let tensor = stored.tensor(as: S.self) else {
            throw SafeTensorsError(file: path, problem: .dtypeMismatch(tensor: name, expected: S.dtypeName, found: stored.dtype))
        }
        if let shape, shape != tensor.shape {
            throw SafeTensorsError(file: path, problem: .shapeMismatch(tensor: name, expected: shape, found: tensor.shape))
        }
        return tensor
    }
}
