/// The dtypes PyTorch writes that a reader opened by ``SafeTensors/openWidening(_:)`` accepts,
/// each read as `Double`: every value of these types is a `Double` exactly (64-bit integers up
/// to 2^53 in magnitude, which counters such as `num_batches_tracked` stay under).
enum WidenedDType {
    /// The bytes per element of `dtype`, or nil for a dtype that is not read (the 8-bit floats,
    /// complex numbers, unsigned integers wider than a byte).
    static func elementSize(ofDType dtype: String) -> Int? {
        switch dtype {
        case "F64", "I64": 8
        case "F32", "I32": 4
        case "F16", "BF16", "I16": 2
        case "I8", "U8", "BOOL": 1
        default: nil
        }
    }

    /// The `count` little-endian elements of `dtype` in `bytes` as doubles; `dtype` is one
    /// `elementSize(ofDType:)` accepts.
    static func values(_ bytes: UnsafeRawBufferPointer, dtype: String, count: Int) -> [Double] {
        func load<Bits: FixedWidthInteger>(_: Bits.Type, _ convert: (Bits) -> Double) -> [Double] {
            (0..<count).map { i in
                convert(Bits(littleEndian: bytes.loadUnaligned(fromByteOffset: i * MemoryLayout<Bits>.size, as: Bits.self)))
            }
        }
        switch dtype {
        case "F64": return load(UInt64.self) { Double(bitPattern: $0) }
        case "F32": return load(UInt32.self) { Double(Float(bitPattern: $0)) }
        // bfloat16 is the top half of a float32.
        case "BF16": return load(UInt16.self) { Double(Float(bitPattern: UInt32($0) << 16)) }
        case "F16": return load(UInt16.self, halfToDouble)
        case "I64": return load(Int64.self) { Double($0) }
        case "I32": return load(Int32.self) { Double($0) }
        case "I16": return load(Int16.self) { Double($0) }
        case "I8": return load(Int8.self) { Double($0) }
        case "U8", "BOOL": return load(UInt8.self) { Double($0) }
        default: fatalError("WidenedDType: dtype \(dtype) has no element size, so no tensor of it passes the header check")
        }
    }

    /// IEEE 754 binary16 bits as a double: sign, 5 exponent bits (bias 15), 10 fraction bits.
    private static func halfToDouble(_ bits: UInt16) -> Double {
        let sign: Double = bits & 0x8000 == 0 ? 1 : -1
        let exponent = Int((bits >> 10) & 0x1F), fraction = Double(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 0x1F: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
