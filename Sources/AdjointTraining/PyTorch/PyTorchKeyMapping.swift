/// How a PyTorch file's keys become the model's (`Module.pyTorchStateDictShapes` lists the
/// model's): by a table of names, or by a pair of functions.
///
/// A table's entry maps a whole key or a prefix ending at a dot, the longest that matches:
/// `["features.0": "conv1"]` maps `features.0.weight` to `conv1.weight`. Saving maps back the
/// other way. Keys no entry matches stay as they are.
///
/// ```swift
/// let mapping: PyTorchKeyMapping = ["features.0": "conv1", "classifier": "fc"]
/// let stripped = PyTorchKeyMapping(fileToModel: { $0.replacingOccurrences(of: "module.", with: "") },
///                                  modelToFile: { "module." + $0 })
/// ```
public struct PyTorchKeyMapping: ExpressibleByDictionaryLiteral, Sendable {
    private let fileToModel: @Sendable (String) -> String
    private let modelToFile: @Sendable (String) -> String

    /// The mapping of a table from the file's names (or prefixes) to the model's; two entries
    /// may not map to the same name, so saving can map back.
    public init(_ renames: [String: String]) {
        var inverse: [String: String] = [:]
        for (file, model) in renames.sorted(by: { $0.key < $1.key }) {
            if let other = inverse.updateValue(file, forKey: model) {
                fatalError("PyTorchKeyMapping: \"\(other)\" and \"\(file)\" both map to \"\(model)\"")
            }
        }
        let back = inverse
        fileToModel = { renamed($0, by: renames) }
        modelToFile = { renamed($0, by: back) }
    }

    /// The mapping of a table written as a dictionary literal.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(Dictionary(elements) { first, second in
            fatalError("PyTorchKeyMapping: a key maps to both \"\(first)\" and \"\(second)\"")
        })
    }

    /// The mapping of two functions, one the inverse of the other: `fileToModel` when
    /// loading, `modelToFile` when saving.
    public init(fileToModel: @escaping @Sendable (String) -> String, modelToFile: @escaping @Sendable (String) -> String) {
        self.fileToModel = fileToModel
        self.modelToFile = modelToFile
    }

    /// The model's key for the file's `key`.
    func modelKey(forFile key: String) -> String { fileToModel(key) }

    /// The file's key for the model's `key`.
    func fileKey(forModel key: String) -> String { modelToFile(key) }
}

/// `key` with its longest prefix ending at a dot (or the whole key) that `table` has replaced.
private func renamed(_ key: String, by table: [String: String]) -> String {
    var end = key.endIndex
    while true {
        if let replacement = table[String(key[..<end])] { return replacement + key[end...] }
        guard let dot = key[..<end].lastIndex(of: ".") else { return key }
        end = dot
    }
}
