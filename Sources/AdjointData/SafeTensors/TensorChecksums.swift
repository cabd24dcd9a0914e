import Foundation

/// The CRC-32 of every tensor's bytes and of the other metadata, kept in a file's metadata
/// under `checksums` as a JSON object of 8-digit hexadecimal values: tensor names, and
/// `__metadata__` for the metadata (its other keys, sorted, rendered as compact JSON). A bit
/// flipped on disk then fails a check instead of loading as a plausible weight or setting.
/// Other safetensors readers see one more metadata string; files without it are read unchecked.
///
/// ```swift
/// try SafeTensors.write([("fc1.weight", w.value)], metadata: ["epoch": "3"], checksums: true, to: url)
/// try SafeTensors.open(url).metadata["checksums"]   // {"__metadata__": "<8 hex digits>", "fc1.weight": "<8 hex digits>"}
/// ```
struct TensorChecksums {
    static let key = "checksums"
    /// The entry of the metadata itself; no tensor can have the name.
    static let metadataEntry = SafeTensors.metadataKey

    let values: [String: UInt32]

    /// The `checksums` metadata value for `tensors` written with `metadata`.
    static func rendered(for tensors: [(name: String, tensor: StoredTensor)], metadata: [String: String]) -> String {
        var entries = [(metadataEntry, JSONText.string(hex(digest(of: metadata))))]
        for (name, tensor) in tensors {
            var bytes = Data()
            tensor.appendLittleEndian(to: &bytes)
            entries.append((name, .string(hex(bytes.withUnsafeBytes(checksum)))))
        }
        return JSONText.object(entries).rendered()
    }

    /// The checksums in `metadata`, nil when it has none.
    init?(metadata: [String: String], file: String) throws {
        guard let text = metadata[Self.key] else { return nil }
        let malformed = SafeTensorsError(file: file, problem: .malformedHeader(
            "metadata \"\(Self.key)\" is not an object of 8-digit hexadecimal CRC-32s"))
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String] else { throw malformed }
        var values: [String: UInt32] = [:]
        for (name, digits) in object {
            guard digits.utf8.count == 8, let value = UInt32(digits, radix: 16) else { throw malformed }
            values[name] = value
        }
        self.values = values
    }

    /// Throws when the metadata's other keys do not have the checksum stored.
    func verifyMetadata(_ metadata: [String: String], file: String) throws {
        try compare(Self.metadataEntry, computed: Self.digest(of: metadata), part: nil, file: file)
    }

    /// Throws when the bytes of tensor `name` do not have the checksum stored.
    func verify(_ name: String, _ bytes: UnsafeRawBufferPointer, file: String) throws {
        try compare(name, computed: Self.checksum(bytes), part: name, file: file)
    }

    private func compare(_ entry: String, computed: UInt32, part tensor: String?, file: String) throws {
        guard let stored = values[entry] else {
            throw SafeTensorsError(file: file, problem: .malformedHeader("metadata \"\(Self.key)\" has no entry \"\(entry)\""))
        }
        guard stored == computed else {
            throw SafeTensorsError(file: file, problem: .checksumMismatch(tensor: tensor, stored: Self.hex(stored),
                                                                         computed: Self.hex(computed)))
        }
    }

    /// The CRC-32 of the metadata without the checksums, in a rendering fixed by its content.
    private static func digest(of metadata: [String: String]) -> UInt32 {
        let others = metadata.filter { $0.key != key }.sorted { $0.key < $1.key }.map { ($0.key, JSONText.string($0.value)) }
        return CRC32.checksum(Array(JSONText.object(others).rendered().utf8))
    }

    private static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes.assumingMemoryBound(to: UInt8.self))
        return crc.value
    }

    private static func hex(_ value: UInt32) -> String { String(format: "%08x", value) }
}
