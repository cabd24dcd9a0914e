import Foundation

extension SafeTensors {
    /// Reads and validates a whole safetensors file.
    ///
    /// Everything is checked before anything is returned: the header length, the JSON, each
    /// dtype (only `F32` and `F64`), that each tensor's byte range fits the data section and
    /// its shape, and that the ranges neither overlap nor leave holes. Any problem throws a
    /// ``CheckpointError`` naming the file, the tensor and the numbers involved.
    ///
    /// ```swift
    /// let file = try SafeTensors.read(from: URL(fileURLWithPath: "best.safetensors"))
    /// print(file.names, file.metadata["epoch"] ?? "-")
    /// ```
    public static func read(from url: URL) throws -> SafeTensorsFile {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw CheckpointError(file: url.path, problem: .unreadable(reason: error.localizedDescription))
        }
        return try decode(data, file: url.path)
    }

    /// Parses a file's bytes; `file` names it in errors.
    static func decode(_ data: Data, file: String) throws -> SafeTensorsFile {
        try data.withUnsafeBytes { try decode(bytes: $0, file: file) }
    }

    private static func decode(bytes: UnsafeRawBufferPointer, file: String) throws -> SafeTensorsFile {
        func fail(_ problem: CheckpointError.Problem) -> CheckpointError { CheckpointError(file: file, problem: problem) }

        guard bytes.count >= 8 else { throw fail(.tooShort(fileSize: bytes.count)) }
        let headerLength = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw fail(.headerPastEnd(headerLength: headerLength, fileSize: bytes.count))
        }
        let dataStart = 8 + Int(headerLength)
        let dataSize = bytes.count - dataStart
        let (entries, metadata) = try parseHeader(Data(bytes[8..<dataStart]), fail: fail)
        // File order; checking in it also makes the first error reported independent of hashing.
        let ordered = entries.sorted { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }

        for entry in ordered {
            guard let elementSize = StoredTensor.elementSize(ofDType: entry.dtype) else {
                throw fail(.unsupportedDType(tensor: entry.name, dtype: entry.dtype))
            }
            guard entry.begin <= entry.end, entry.end <= dataSize else {
                throw fail(.offsetsOutOfRange(tensor: entry.name, begin: entry.begin, end: entry.end, dataSize: dataSize))
            }
            // The sizes other than 0 must multiply without overflow even when one is 0, as the
            // tensor's strides multiply them.
            var product = elementSize
            for size in entry.shape {
                let (next, overflow) = product.multipliedReportingOverflow(by: max(size, 1))
                guard !overflow else {
                    throw fail(.malformedHeader("tensor \"\(entry.name)\": shape \(entry.shape) has more elements than Int can count"))
                }
                product = next
            }
            let expected = entry.shape.contains(0) ? 0 : product
            guard expected == entry.end - entry.begin else {
                throw fail(.sizeMismatch(tensor: entry.name, dtype: entry.dtype, shape: entry.shape,
                                         expectedBytes: expected, actualBytes: entry.end - entry.begin))
            }
        }

        // Each range must start exactly where the previous one ended: the format forbids both
        // overlaps and holes (holes could smuggle other content in).
        var cursor = 0
        var previous = ""
        for entry in ordered {
            if entry.begin < cursor { throw fail(.overlapping(tensor: entry.name, other: previous)) }
            if entry.begin > cursor { throw fail(.unclaimedBytes(begin: cursor, end: entry.begin)) }
            cursor = entry.end
            previous = entry.name
        }
        if cursor < dataSize { throw fail(.unclaimedBytes(begin: cursor, end: dataSize)) }

        let section = UnsafeRawBufferPointer(rebasing: bytes[dataStart...])
        let tensors = ordered.map { entry in
            (name: entry.name, tensor: entry.dtype == Float.dtypeName
                ? StoredTensor.float(loadTensor(section, at: entry.begin, shape: entry.shape, Float.init(bitPattern:)))
                : StoredTensor.double(loadTensor(section, at: entry.begin, shape: entry.shape, Double.init(bitPattern:))))
        }
        return SafeTensorsFile(path: file, metadata: metadata, tensors: tensors)
    }

    private struct Entry {
        let name: String
        let dtype: String
        let shape: [Int]
        let begin: Int
        let end: Int
    }

    private static func parseHeader(_ header: Data, fail: (CheckpointError.Problem) -> CheckpointError)
        throws -> (entries: [Entry], metadata: [String: String]) {
        guard String(validating: header, as: UTF8.self) != nil else {
            throw fail(.malformedHeader("the header is not valid UTF-8"))
        }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: header)
        } catch {
            throw fail(.malformedHeader("not valid JSON (\(error.localizedDescription))"))
        }
        guard let object = json as? [String: Any] else { throw fail(.malformedHeader("the top level is not an object")) }

        var metadata: [String: String] = [:]
        var entries: [Entry] = []
        for (name, value) in object {
            if name == metadataKey {
                guard let strings = value as? [String: Any],
                      let typed = strings as? [String: String] else {
                    throw fail(.malformedHeader("\"\(metadataKey)\" is not an object of strings"))
                }
                metadata = typed
                continue
            }
            guard let fields = value as? [String: Any] else {
                throw fail(.malformedHeader("tensor \"\(name)\" is not an object"))
            }
            guard let dtype = fields["dtype"] as? String else {
                throw fail(.malformedHeader("tensor \"\(name)\" has no string \"dtype\""))
            }
            guard let shape = integers(fields["shape"]), shape.allSatisfy({ $0 >= 0 }) else {
                throw fail(.malformedHeader("tensor \"\(name)\" has no \"shape\" of non-negative integers"))
            }
            guard let offsets = integers(fields["data_offsets"]), offsets.count == 2, offsets.allSatisfy({ $0 >= 0 }) else {
                throw fail(.malformedHeader("tensor \"\(name)\" has no \"data_offsets\" of two non-negative integers"))
            }
            entries.append(Entry(name: name, dtype: dtype, shape: shape, begin: offsets[0], end: offsets[1]))
        }
        return (entries, metadata)
    }

    /// The JSON array's elements when all are integers (JSONSerialization yields `NSNumber`s).
    private static func integers(_ value: Any?) -> [Int]? {
        guard let numbers = value as? [NSNumber] else { return nil }
        var result: [Int] = []
        for number in numbers {
            // A float such as 2.5 would otherwise truncate silently.
            guard let exact = Int(exactly: number.doubleValue) else { return nil }
            result.append(exact)
        }
        return result
    }
}

/// Reads little-endian bit patterns into a new tensor, whatever the host's byte order.
private func loadTensor<S: TensorScalar, Bits: FixedWidthInteger>(
    _ section: UnsafeRawBufferPointer, at begin: Int, shape: [Int], _ make: (Bits) -> S) -> Tensor<S> {
    var tensor = Tensor<S>(repeating: 0, shape: shape)
    let size = MemoryLayout<Bits>.size
    tensor.withUnsafeMutableBufferPointer { out in
        for i in out.indices {
            out[i] = make(Bits(littleEndian: section.loadUnaligned(fromByteOffset: begin + i * size, as: Bits.self)))
        }
    }
    return tensor
}
