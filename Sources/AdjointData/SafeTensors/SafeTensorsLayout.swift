import Foundation

/// A safetensors header validated against the file's size: the tensors in file order with
/// their byte ranges, the metadata, and the checksums when the file has them. Both readers,
/// whole-file and tensor by tensor, start from it, so they accept and refuse the same files.
struct SafeTensorsLayout {
    struct Entry {
        let name: String
        let dtype: String
        let shape: [Int]
        let begin: Int
        let end: Int
    }

    let file: String
    /// In file order; checking in it also makes the first error reported independent of hashing.
    let entries: [Entry]
    let metadata: [String: String]
    /// Where the data section starts: the byte after the header.
    let dataStart: Int
    let checksums: TensorChecksums?

    /// The longest header accepted, the reference implementation's bound: a longer one is
    /// damage, and reading it would cost its length in memory.
    static let maximumHeaderLength = 100_000_000

    /// Validates the header of a `fileSize`-byte file; `readHeader` returns the bytes in a range.
    /// `elementSize` gives the bytes per element of each dtype accepted, nil for the others.
    init(headerLength: UInt64, fileSize: Int, file: String,
         elementSize: (String) -> Int? = StoredTensor.elementSize(ofDType:),
         readHeader: (Range<Int>) throws -> Data) throws {
        self.file = file
        func fail(_ problem: SafeTensorsError.Problem) -> SafeTensorsError { SafeTensorsError(file: file, problem: problem) }
        guard headerLength <= UInt64(fileSize - 8) else {
            throw fail(.headerPastEnd(headerLength: headerLength, fileSize: fileSize))
        }
        guard headerLength <= UInt64(Self.maximumHeaderLength) else {
            throw fail(.headerTooLong(headerLength: Int(headerLength), limit: Self.maximumHeaderLength))
        }
        dataStart = 8 + Int(headerLength)
        let dataSize = fileSize - dataStart
        let (entries, metadata) = try Self.parseHeader(try readHeader(8..<dataStart), fail: fail)
        let ordered = entries.sorted { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        try Self.checkRanges(ordered, dataSize: dataSize, elementSize: elementSize, fail: fail)
        self.entries = ordered
        self.metadata = metadata
        checksums = try TensorChecksums(metadata: metadata, file: file)
        try checksums?.verifyMetadata(metadata, file: file)
    }

    /// The tensor of `entry` from its bytes, after checking them against its checksum.
    func decode(_ entry: Entry, _ bytes: UnsafeRawBufferPointer) throws -> StoredTensor {
        try checksums?.verify(entry.name, bytes, file: file)
        return entry.dtype == Float.dtypeName
            ? .float(loadTensor(bytes, shape: entry.shape, Float.init(bitPattern:)))
            : .double(loadTensor(bytes, shape: entry.shape, Double.init(bitPattern:)))
    }

    /// The tensor of `entry`, of any dtype `WidenedDType` reads, as doubles, after checking
    /// its bytes against its checksum.
    func decodeWidened(_ entry: Entry, _ bytes: UnsafeRawBufferPointer) throws -> Tensor<Double> {
        try checksums?.verify(entry.name, bytes, file: file)
        let count = entry.shape.reduce(1, *)
        return Tensor(WidenedDType.values(bytes, dtype: entry.dtype, count: count), shape: entry.shape)
    }

    /// Each dtype is known, each range lies in the data section and fits its shape, and the
    /// ranges tile the section.
    private static func checkRanges(_ ordered: [Entry], dataSize: Int, elementSize: (String) -> Int?,
                                    fail: (SafeTensorsError.Problem) -> SafeTensorsError) throws {
        for entry in ordered {
            guard let elementSize = elementSize(entry.dtype) else {
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
    }

    private static func parseHeader(_ header: Data, fail: (SafeTensorsError.Problem) -> SafeTensorsError)
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
            if name == SafeTensors.metadataKey {
                guard let strings = value as? [String: Any],
                      let typed = strings as? [String: String] else {
                    throw fail(.malformedHeader("\"\(SafeTensors.metadataKey)\" is not an object of strings"))
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
    _ bytes: UnsafeRawBufferPointer, shape: [Int], _ make: (Bits) -> S) -> Tensor<S> {
    var tensor = Tensor<S>(repeating: 0, shape: shape)
    let size = MemoryLayout<Bits>.size
    tensor.withUnsafeMutableBufferPointer { out in
        for i in out.indices {
            out[i] = make(Bits(littleEndian: bytes.loadUnaligned(fromByteOffset: i * size, as: Bits.self)))
        }
    }
    return tensor
}
