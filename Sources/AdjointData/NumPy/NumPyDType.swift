/// A NumPy element type as a `.npy` header's `descr` spells it: `<f4`, `>i8`, `|u1`, `|b1`.
///
/// The kinds Adjoint reads: floats of 4 and 8 bytes, signed and unsigned integers of 1, 2, 4
/// and 8 bytes, and booleans, in either byte order.
///
/// ```swift
/// let dtype = NumPyDType(descr: ">f8")   // 8-byte big-endian float
/// ```
public struct NumPyDType: Equatable, Sendable, CustomStringConvertible {
    /// What the bytes of one element mean.
    public enum Kind: Character, Sendable {
        case float = "f", signed = "i", unsigned = "u", bool = "b"
    }

    /// What the bytes of one element mean.
    public let kind: Kind
    /// The bytes of one element.
    public let size: Int
    /// Whether the most significant byte comes first.
    public let bigEndian: Bool

    /// The type `descr` names, or nil when Adjoint does not read it (complex numbers, half
    /// floats, strings, Python objects, structured types).
    public init?(descr: String) {
        let characters = Array(descr)
        guard characters.count == 3, let kind = Kind(rawValue: characters[1]),
              let size = characters[2].wholeNumberValue else { return nil }
        let sizes: Set<Int> = switch kind {
        case .float: [4, 8]
        case .signed, .unsigned: [1, 2, 4, 8]
        case .bool: [1]
        }
        guard sizes.contains(size) else { return nil }
        // Single bytes have no order: NumPy writes `|`, and `<` or `=` mean the same.
        switch characters[0] {
        case "<", "=": bigEndian = false
        case ">": bigEndian = true
        case "|" where size == 1: bigEndian = false
        default: return nil
        }
        (self.kind, self.size) = (kind, size)
    }

    init(kind: Kind, size: Int) {
        (self.kind, self.size, self.bigEndian) = (kind, size, false)
    }

    /// The `descr` NumPy writes for it: `|` for single bytes, `<` or `>` otherwise.
    public var description: String {
        (size == 1 ? "|" : bigEndian ? ">" : "<") + String(kind.rawValue) + String(size)
    }
}
