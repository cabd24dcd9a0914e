import Foundation

/// Reads and writes the safetensors checkpoint format, which PyTorch, NumPy and Hugging Face
/// tools read too.
///
/// Layout: an 8-byte little-endian header length `N`; `N` bytes of UTF-8 JSON mapping each
/// tensor name to `{"dtype", "shape", "data_offsets": [begin, end]}` plus an optional
/// `"__metadata__"` object of strings, padded with spaces to a multiple of 8; then the raw
/// little-endian tensor data, offsets counted from the start of the data section, tensors in
/// the order written.
///
/// ```swift
/// try SafeTensors.write([("fc1_w", StoredTensor(w.value)), ("fc1_b", StoredTensor(b.value))],
///                       metadata: ["epoch": "12"], to: URL(fileURLWithPath: "runs/a/best.safetensors"))
/// let file = try SafeTensors.read(from: URL(fileURLWithPath: "runs/a/best.safetensors"))
/// let w2 = try file.tensor(named: "fc1_w", as: Float.self, shape: w.shape)
/// ```
public enum SafeTensors {
    /// Writes `tensors` in order, atomically: a failed write leaves any previous file intact.
    /// With `checksums`, the metadata also gets key `checksums`: the CRC-32 of every tensor's
    /// bytes and of the other metadata, which the readers then verify (the key is reserved:
    /// a `checksums` entry of `metadata` is replaced, or left out without `checksums`).
    ///
    /// Throws ``SafeTensorsError`` for an empty, reserved (`__metadata__`) or repeated name, or
    /// when the file cannot be written.
    ///
    /// ```swift
    /// try SafeTensors.write([("W1", StoredTensor(w.value)), ("b1", StoredTensor(b.value))], checksums: true, to: url)
    /// ```
    public static func write(_ tensors: [(name: String, tensor: StoredTensor)],
                             metadata: [String: String] = [:], checksums: Bool = false, to url: URL) throws {
        var metadata = metadata
        metadata[TensorChecksums.key] = checksums ? TensorChecksums.rendered(for: tensors, metadata: metadata) : nil
        let data = try encode(tensors, metadata: metadata, file: url.path)
        do {
            try AtomicFile.write(data, to: url)
        } catch let error as FileWriteError {
            throw SafeTensorsError(file: url.path, problem: .unwritable(reason: "\(error.step) failed: \(error.reason)"))
        }
    }

    /// Writes tensors of one scalar type, atomically, like the ``StoredTensor`` overload.
    ///
    /// ```swift
    /// try SafeTensors.write([("fc1_w", w.value), ("fc1_b", b.value)], metadata: ["note": "best"], to: url)
    /// ```
    public static func write<S: TensorScalar>(_ tensors: [(name: String, tensor: Tensor<S>)],
                                              metadata: [String: String] = [:], checksums: Bool = false,
                                              to url: URL) throws {
        try write(tensors.map { (name: $0.name, tensor: StoredTensor($0.tensor)) }, metadata: metadata,
                  checksums: checksums, to: url)
    }

    /// The file's bytes; `file` names it in errors.
    static func encode(_ tensors: [(name: String, tensor: StoredTensor)], metadata: [String: String],
                       file: String) throws -> Data {
        var seen = Set<String>()
        for (name, _) in tensors {
            let reason = name.isEmpty ? "is empty"
                : name == metadataKey ? "is reserved for metadata"
                : seen.contains(name) ? "is used twice" : nil
            if let reason { throw SafeTensorsError(file: file, problem: .invalidName(name, reason: reason)) }
            seen.insert(name)
        }

        var entries: [(String, JSONText)] = []
        if !metadata.isEmpty {
            entries.append((metadataKey, .object(metadata.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
        }
        var offset = 0
        for (name, tensor) in tensors {
            let end = offset + tensor.byteCount
            entries.append((name, .object([
                ("dtype", .string(tensor.dtype)),
                ("shape", .array(tensor.shape.map { .integer($0) })),
                ("data_offsets", .array([.integer(offset), .integer(end)])),
            ])))
            offset = end
        }
        var header = Array(JSONText.object(entries).rendered().utf8)
        // Padding keeps the data section 8-byte aligned, so readers may map F64 data in place.
        header += repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8)

        var data = Data(capacity: 8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: header)
        for (_, tensor) in tensors { tensor.appendLittleEndian(to: &data) }
        return data
    }

    static let metadataKey = "__metadata__"
}

extension StoredTensor {
    var byteCount: Int {
        switch self {
        case .float(let t): t.count * MemoryLayout<Float>.size
        case .double(let t): t.count * MemoryLayout<Double>.size
        }
    }

    func appendLittleEndian(to data: inout Data) {
        switch self {
        case .float(let t): append(t, as: \.bitPattern, to: &data)
        case .double(let t): append(t, as: \.bitPattern, to: &data)
        }
    }
}

/// Appends the elements' bit patterns in little-endian order, whatever the host's order.
private func append<S, Bits: FixedWidthInteger>(_ tensor: Tensor<S>, as bits: (S) -> Bits, to data: inout Data) {
    let start = data.count
    let size = MemoryLayout<Bits>.size
    data.count += tensor.count * size
    data.withUnsafeMutableBytes { raw in
        tensor.withUnsafeBufferPointer { scalars in
            for (i, x) in scalars.enumerated() {
                raw.storeBytes(of: bits(x).littleEndian, toByteOffset: start + i * size, as: Bits.self)
            }
        }
    }
}
