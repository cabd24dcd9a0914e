/// Decoding and encoding the data of a `.npy` file: `count` elements of one dtype, packed.
enum NumPyElements {
    /// The `count` elements of `dtype` at `bytes[start...]`, in file order; the caller has
    /// checked that they are there. A `uint64` above `Int.max` and a bool byte other than 0 or
    /// 1 throw, naming the byte of `path`.
    static func decode(_ bytes: [UInt8], from start: Int, count: Int, dtype: NumPyDType, path: String,
                       decompressed: Bool) throws(DataError) -> NumPyArray.Storage {
        func failure(_ why: String, element: Int) -> DataError {
            DataError(.badValue(why), path: path, offset: start + element * dtype.size, inDecompressedData: decompressed)
        }
        func words<T: FixedWidthInteger>(_: T.Type) -> [T] {
            bytes.withUnsafeBytes { raw in
                let base = raw.baseAddress! + start
                return (0..<count).map { index in
                    let value = base.loadUnaligned(fromByteOffset: index * MemoryLayout<T>.size, as: T.self)
                    return dtype.bigEndian ? T(bigEndian: value) : T(littleEndian: value)
                }
            }
        }
        switch (dtype.kind, dtype.size) {
        case (.float, 4): return .float(words(UInt32.self).map(Float.init(bitPattern:)))
        case (.float, _): return .double(words(UInt64.self).map(Double.init(bitPattern:)))
        case (.signed, 1): return .int(words(Int8.self).map(Int.init))
        case (.signed, 2): return .int(words(Int16.self).map(Int.init))
        case (.signed, 4): return .int(words(Int32.self).map(Int.init))
        case (.signed, _): return .int(words(Int64.self).map(Int.init))
        case (.unsigned, 1): return .int(words(UInt8.self).map(Int.init))
        case (.unsigned, 2): return .int(words(UInt16.self).map(Int.init))
        case (.unsigned, 4): return .int(words(UInt32.self).map(Int.init))
        case (.unsigned, _):
            let values = words(UInt64.self)
            if let index = values.firstIndex(where: { $0 > UInt64(Int.max) }) {
                throw failure("the uint64 \(values[index]) is larger than Int.max", element: index)
            }
            return .int(values.map { Int($0) })
        case (.bool, _):
            let values = words(UInt8.self)
            if let index = values.firstIndex(where: { $0 > 1 }) {
                throw failure("the bool byte \(values[index]) is neither 0 nor 1", element: index)
            }
            return .bool(values.map { $0 == 1 })
        }
    }

    /// The dtype `storage` is written as: `<f4`, `<f8`, `<i8` or `|b1`.
    static func dtype(of storage: NumPyArray.Storage) -> NumPyDType {
        switch storage {
        case .float: NumPyDType(kind: .float, size: 4)
        case .double: NumPyDType(kind: .float, size: 8)
        case .int: NumPyDType(kind: .signed, size: 8)
        case .bool: NumPyDType(kind: .bool, size: 1)
        }
    }

    /// The little-endian bytes of `storage`.
    static func encode(_ storage: NumPyArray.Storage) -> [UInt8] {
        switch storage {
        case .float(let values): littleEndianBytes(values.map(\.bitPattern))
        case .double(let values): littleEndianBytes(values.map(\.bitPattern))
        case .int(let values): littleEndianBytes(values.map(Int64.init))
        case .bool(let values): values.map { $0 ? 1 : 0 }
        }
    }

    private static func littleEndianBytes<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        let words = values.map(\.littleEndian)
        return words.withUnsafeBytes { Array($0) }
    }

    /// `values`, stored with the first axis of `shape` varying fastest (Fortran order), in
    /// row-major order.
    static func rowMajor<T>(fromFortranOrder values: [T], shape: [Int]) -> [T] {
        guard shape.count > 1, !values.isEmpty else { return values }
        // Where each axis's step moves in the Fortran-ordered values.
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in 1..<shape.count { strides[axis] = strides[axis - 1] * shape[axis - 1] }
        var result = [T]()
        result.reserveCapacity(values.count)
        var index = [Int](repeating: 0, count: shape.count)
        var source = 0
        for _ in 0..<values.count {
            result.append(values[source])
            // The row-major odometer: the last axis turns fastest.
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                source += strides[axis]
                if index[axis] < shape[axis] { break }
                source -= strides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return result
    }
}

extension NumPyArray.Storage {
    /// The elements, stored in Fortran order for `shape`, in row-major order.
    func rowMajor(fromFortranOrder shape: [Int]) -> NumPyArray.Storage {
        switch self {
        case .float(let values): .float(NumPyElements.rowMajor(fromFortranOrder: values, shape: shape))
        case .double(let values): .double(NumPyElements.rowMajor(fromFortranOrder: values, shape: shape))
        case .int(let values): .int(NumPyElements.rowMajor(fromFortranOrder: values, shape: shape))
        case .bool(let values): .bool(NumPyElements.rowMajor(fromFortranOrder: values, shape: shape))
        }
    }
}
