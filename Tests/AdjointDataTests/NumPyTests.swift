import Foundation
import Testing
@testable import AdjointData

/// A `.npy` file of `header` (a newline is added) and `data`, in format `version`.
func npyFile(_ header: String, data: [UInt8] = [], version: UInt8 = 1) -> [UInt8] {
    let text = Array(header.utf8) + [0x0A]
    let length = (0..<(version == 1 ? 2 : 4)).map { UInt8(truncatingIfNeeded: text.count >> (8 * $0)) }
    return NPY.magic + [version, 0] + length + text + data
}

@Suite struct NumPyTests {
    static let arrays: [NumPyArray] = [
        NumPyArray(shape: [2, 3], storage: .float([1.5, -2, .infinity, 0, 3e-38, -0.0])),
        NumPyArray(shape: [3], storage: .double([.pi, -1e300, 5e-324])),
        NumPyArray(indices: [.min, -1, 0, 7, .max, 42], shape: [3, 2, 1]),
        NumPyArray(bools: [true, false, false, true], shape: [4]),
        NumPyArray(shape: [], storage: .double([2.5])),
        NumPyArray(shape: [0, 5], storage: .float([])),
    ]

    @Test func roundTripsInMemoryAndOnDisk() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for (index, array) in Self.arrays.enumerated() {
            let bytes = NPY.encode(array)
            #expect(bytes.starts(with: NPY.magic + [1, 0]))
            let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            #expect((10 + headerLength) % 64 == 0, "the data starts aligned")
            #expect(try NPY.decode(bytes) == array)
            let path = directory.file("\(index).npy")
            try NPY.write(array, to: path)
            let read = try NPY.read(path)
            #expect(read == array && read.source == path)
        }
        let named = Dictionary(uniqueKeysWithValues: Self.arrays.enumerated().map { ("a\($0.offset)", $0.element) })
        try NPZ.write(named, to: directory.file("all.npz"))
        #expect(try NPZ.read(directory.file("all.npz")) == named)
        try NPZ.write(named, to: directory.file("packed.npz"), compressed: true)
        #expect(try NPZ.read(directory.file("packed.npz")) == named)
        #expect(NPZ.encode(named, compressed: true) != NPZ.encode(named), "the members are deflated")
        #expect(try NPZ.decode(NPZ.encode([:])).isEmpty)
    }

    @Test func readsEveryIntegerWidthInBothByteOrders() throws {
        let values = [-3, 0, 5, 100]
        for (size, signed) in [(1, true), (2, true), (4, true), (8, true), (1, false), (2, false), (4, false), (8, false)] {
            for bigEndian in [false, true] where size > 1 || !bigEndian {
                let kind = signed ? "i" : "u"
                let descr = (size == 1 ? "|" : bigEndian ? ">" : "<") + kind + String(size)
                let expected = signed ? values : values.map { $0 + 3 }
                // Two's complement bytes of each value, least significant first, then ordered.
                let data = expected.flatMap { value in
                    let bytes = (0..<size).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
                    return bigEndian ? Array(bytes.reversed()) : bytes
                }
                let file = npyFile("{'descr': '\(descr)', 'fortran_order': False, 'shape': (4,), }", data: data)
                #expect(try NPY.decode(file).storage == .int(expected), "\(descr)")
            }
        }
    }

    @Test func readsBigEndianFloats() throws {
        let floats: [Float] = [1, -2.5, .greatestFiniteMagnitude]
        let f4 = floats.flatMap { withUnsafeBytes(of: $0.bitPattern.bigEndian, Array.init) }
        #expect(try NPY.decode(npyFile("{'descr': '>f4', 'fortran_order': False, 'shape': (3,)}", data: f4)).storage == .float(floats))
        let doubles: [Double] = [.pi, -0.0]
        let f8 = doubles.flatMap { withUnsafeBytes(of: $0.bitPattern.bigEndian, Array.init) }
        let read = try NPY.decode(npyFile("{\"shape\": (2,), \"descr\": \">f8\", \"fortran_order\": False}", data: f8, version: 2))
        #expect(read.storage == .double(doubles))
    }

    /// Fortran order is checked against its definition: element (i, j, k) of shape (2, 3, 4)
    /// is stored at i + 2 j + 6 k.
    @Test func convertsFortranOrderToRowMajor() throws {
        let shape = [2, 3, 4]
        var stored = [UInt8](repeating: 0, count: 24)
        for i in 0..<2 { for j in 0..<3 { for k in 0..<4 { stored[i + 2 * j + 6 * k] = UInt8(100 * i + 10 * j + k) } } }
        let array = try NPY.decode(npyFile("{'descr': '|u1', 'fortran_order': True, 'shape': (2, 3, 4), }", data: stored))
        #expect(array.shape == shape)
        var expected: [Int] = []
        for i in 0..<2 { for j in 0..<3 { for k in 0..<4 { expected.append(100 * i + 10 * j + k) } } }
        #expect(array.storage == .int(expected))
        // One axis or none: both orders are the same.
        let vector = try NPY.decode(npyFile("{'descr': '|u1', 'fortran_order': True, 'shape': (3,), }", data: [7, 8, 9]))
        #expect(vector.storage == .int([7, 8, 9]))
    }

    @Test func accessorsConvertOrRefuse() throws {
        let ints = NumPyArray(indices: [1, -2, 3, 4], shape: [2, 2])
        #expect(try ints.tensor(as: Float.self).scalars == [1, -2, 3, 4])
        #expect(try ints.tensor(as: Float.self).shape == [2, 2])
        #expect(try ints.indices().scalars == [1, -2, 3, 4])
        #expect(try NumPyArray(shape: [2], storage: .double([0.1, 1e300])).tensor(as: Double.self).scalars == [0.1, 1e300])
        #expect(try NumPyArray(shape: [1], storage: .double([0.1])).tensor(as: Float.self).scalars == [0.1])
        #expect(try NumPyArray(shape: [1], storage: .float([.infinity])).tensor(as: Double.self).scalars == [.infinity])
        #expect(try NumPyArray(indices: [1 << 24 + 1], shape: [1]).tensor(as: Double.self).scalars == [16_777_217])
        #expect(try NumPyArray(bools: [true], shape: [1]).bools().values == [true])

        let refusals: [(NumPyArray, (NumPyArray) throws -> Void, String)] = [
            (NumPyArray(indices: [1 << 24 + 1], shape: [1]), { _ = try $0.tensor(as: Float.self) }, "16777217 at element 0 has no exact Float"),
            (NumPyArray(shape: [2], storage: .double([1, 1e300])), { _ = try $0.tensor(as: Float.self) }, "1e+300 at element 1 overflows Float"),
            (NumPyArray(bools: [true], shape: [1]), { _ = try $0.tensor(as: Float.self) }, "read it with bools()"),
            (NumPyArray(shape: [1], storage: .float([1])), { _ = try $0.indices() }, "indices need an integer array, not float32"),
            (NumPyArray(indices: [1], shape: [1]), { _ = try $0.bools() }, "bools need a bool array, not int64"),
        ]
        for (array, access, message) in refusals {
            let located = NumPyArray(shape: array.shape, storage: array.storage, source: "x.npy")
            do {
                try access(located)
                Issue.record("accepted: \(message)")
            } catch let error as DataError {
                #expect(error.path == "x.npy" && error.description.contains(message), "\(error)")
            }
        }
    }
}
