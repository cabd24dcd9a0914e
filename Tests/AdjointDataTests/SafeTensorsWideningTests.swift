import Foundation
import Testing
@testable import AdjointData

/// `SafeTensors.openWidening` reads the integer and 16-bit dtypes PyTorch writes as exact
/// doubles, where `open` and `read` refuse them, and still refuses the dtypes it cannot read.
@Suite struct SafeTensorsWideningTests {
    /// A file of `tensors` `(name, dtype, shape, bytes)` in a fresh folder.
    func write(_ tensors: [(String, String, [Int], [UInt8])]) throws -> URL {
        var offset = 0
        let entries = tensors.map { name, dtype, shape, bytes in
            defer { offset += bytes.count }
            return #""\#(name)": {"dtype": "\#(dtype)", "shape": \#(shape), "data_offsets": [\#(offset), \#(offset + bytes.count)]}"#
        }
        let header = Array("{\(entries.joined(separator: ", "))}".utf8)
        var data = withUnsafeBytes(of: UInt64(header.count).littleEndian) { Data($0) }
        data.append(contentsOf: header)
        for (_, _, _, bytes) in tensors { data.append(contentsOf: bytes) }
        let url = try makeTemporaryDirectory().appendingPathComponent("widening.safetensors")
        try data.write(to: url)
        return url
    }

    /// The little-endian bytes of `values`.
    func bytes<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } }
    }

    @Test func integersAndBooleansReadExactly() throws {
        let url = try write([("count", "I64", [], bytes([Int64(1) << 53])), ("ids", "I32", [3], bytes([Int32(-7), 0, .max])),
                             ("small", "I16", [2], bytes([Int16.min, 5])), ("signed", "I8", [2], bytes([Int8(-128), 127])),
                             ("pixels", "U8", [2], [0, 255]), ("mask", "BOOL", [2], [1, 0])])
        let refusal = #expect(throws: SafeTensorsError.self) { try SafeTensors.open(url) }
        #expect(refusal?.problem == .unsupportedDType(tensor: "count", dtype: "I64"))
        let file = try SafeTensors.openWidening(url)
        #expect(file.dtype(of: "ids") == "I32" && file.shape(of: "ids") == [3] && file.dtype(of: "none") == nil)
        #expect(try file.widenedTensor(named: "count") == Tensor(9_007_199_254_740_992))
        #expect(try file.widenedTensor(named: "ids").scalars == [-7, 0, 2_147_483_647])
        #expect(try file.widenedTensor(named: "small").scalars == [-32768, 5])
        #expect(try file.widenedTensor(named: "signed").scalars == [-128, 127])
        #expect(try file.widenedTensor(named: "pixels").scalars == [0, 255])
        #expect(try file.widenedTensor(named: "mask").scalars == [1, 0])
        // The typed reader still asks for its own dtype.
        let typed = #expect(throws: SafeTensorsError.self) { try file.tensor(named: "ids", as: Double.self) }
        #expect(typed?.problem == .dtypeMismatch(tensor: "ids", expected: "F64", found: "I32"))
    }

    @Test func halfPrecisionReadsExactly() throws {
        // F16: 1, -0.5, the largest 65504, the smallest subnormal 2^-24, infinity; BF16: 1, -3.5, 2^-133.
        let url = try write([("half", "F16", [5], bytes([UInt16(0x3C00), 0xB800, 0x7BFF, 0x0001, 0x7C00])),
                             ("brain", "BF16", [3], bytes([UInt16(0x3F80), 0xC060, 0x0001])),
                             ("single", "F32", [1], bytes([Float(0.1).bitPattern]))])
        let file = try SafeTensors.openWidening(url)
        #expect(try file.widenedTensor(named: "half").scalars == [1, -0.5, 65504, 0x1p-24, .infinity])
        #expect(try file.widenedTensor(named: "brain").scalars == [1, -3.5, 0x1p-133])
        #expect(try file.widenedTensor(named: "single").scalars == [Double(Float(0.1))])
    }

    @Test func unreadableDTypesAreStillRefused() throws {
        let url = try write([("w", "F8_E4M3", [2], [0, 0])])
        let refusal = #expect(throws: SafeTensorsError.self) { try SafeTensors.openWidening(url) }
        #expect(refusal?.problem == .unsupportedDType(tensor: "w", dtype: "F8_E4M3"))
    }
}
