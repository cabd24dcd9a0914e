import Foundation
import Testing
@testable import AdjointData

@Suite struct SafeTensorsRoundTrip {
    @Test func tensorsMetadataAndOrderSurvive() throws {
        let folder = try makeTemporaryDirectory()
        let url = folder.appendingPathComponent("model.safetensors")
        let w1 = Tensor<Double>([0.5, -1.25, 3, 1e-300, .pi, -7], shape: [2, 3])
        let b1 = Tensor<Float>([0.1, -0.2, 0.3])
        let scalar = Tensor<Double>(42)
        let empty = Tensor<Float>.zeros([0, 4])
        let tensors: [(name: String, tensor: StoredTensor)] = [
            ("W1", StoredTensor(w1)), ("b1", StoredTensor(b1)), ("scalar", StoredTensor(scalar)), ("empty", StoredTensor(empty)),
        ]
        let metadata = ["epoch": "12", "note": "quote \" backslash \\ newline \n ünïcode"]
        try SafeTensors.write(tensors, metadata: metadata, to: url)

        let file = try SafeTensors.read(from: url)
        #expect(file.names == ["W1", "b1", "scalar", "empty"])
        #expect(file.metadata == metadata)
        #expect(try file.tensor(named: "W1", as: Double.self, shape: [2, 3]) == w1)
        #expect(try file.tensor(named: "b1", as: Float.self) == b1)
        #expect(try file.tensor(named: "scalar", as: Double.self, shape: []) == scalar)
        #expect(file["empty"] == .float(empty))
        #expect(file["nothing"] == nil)
    }

    @Test func layoutIsAlignedAndDataFollowsHeaderInOrder() throws {
        let a = Tensor<Float>([1, 2, 3])
        let b = Tensor<Double>([4])
        let bytes = [UInt8](try SafeTensors.encode([("a", StoredTensor(a)), ("b", StoredTensor(b))], metadata: [:], file: "x"))
        let headerLength = bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect(headerLength % 8 == 0)
        #expect(bytes.count == 8 + headerLength + 12 + 8)
        let header = String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)
        #expect(header.hasPrefix(#"{"a": {"dtype": "F32", "shape": [3], "data_offsets": [0, 12]}, "b": {"dtype": "F64""#))
        // Little-endian IEEE bit patterns, first tensor first.
        #expect(Array(bytes[(8 + headerLength)..<(8 + headerLength + 4)]) == [0x00, 0x00, 0x80, 0x3F])
        #expect(Array(bytes[(8 + headerLength + 12)...]) == [0, 0, 0, 0, 0, 0, 0x10, 0x40])
    }

    @Test func specialValuesKeepTheirExactBits() throws {
        let values: [Float] = [.nan, .infinity, -.infinity, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        let data = try SafeTensors.encode([("x", StoredTensor(Tensor(values)))], metadata: [:], file: "x")
        let read = try SafeTensors.decode(data, file: "x").tensor(named: "x", as: Float.self)
        #expect(read.scalars.map(\.bitPattern) == values.map(\.bitPattern))
    }

    @Test func genericWriteAcceptsOneScalarType() throws {
        let url = try makeTemporaryDirectory().appendingPathComponent("w.safetensors")
        try SafeTensors.write([("fc1_w", Tensor<Float>.ones([2, 2])), ("fc1_b", Tensor<Float>.zeros([2]))], to: url)
        let file = try SafeTensors.read(from: url)
        #expect(file.names == ["fc1_w", "fc1_b"])
        #expect(file.metadata.isEmpty)
        #expect(file["fc1_w"]?.dtype == "F32")
        #expect(file["fc1_w"]?.shape == [2, 2])
    }
}

@Suite struct SafeTensorsWriteSafety {
    @Test func invalidNamesAreRejectedAndThePreviousFileSurvives() throws {
        let url = try makeTemporaryDirectory().appendingPathComponent("ckpt.safetensors")
        try SafeTensors.write([("a", Tensor<Float>([1]))], to: url)
        let before = try Data(contentsOf: url)
        for (names, expected) in [(["a", "a"], "a"), ([""], ""), (["__metadata__"], "__metadata__")] {
            let error = #expect(throws: SafeTensorsError.self) {
                try SafeTensors.write(names.map { (name: $0, tensor: Tensor<Float>([2])) }, to: url)
            }
            guard case .invalidName(let name, _) = error?.problem else {
                Issue.record("expected invalidName, got \(String(describing: error))"); continue
            }
            #expect(name == expected)
        }
        #expect(try Data(contentsOf: url) == before)
    }

    @Test func failedRenameLeavesNoTemporaryFile() throws {
        let folder = try makeTemporaryDirectory()
        let target = folder.appendingPathComponent("taken.safetensors")
        // A non-empty directory where the file should go makes the final rename fail.
        try FileManager.default.createDirectory(at: target.appendingPathComponent("inside"), withIntermediateDirectories: true)
        let error = #expect(throws: SafeTensorsError.self) {
            try SafeTensors.write([("a", Tensor<Float>([1]))], to: target)
        }
        guard case .unwritable(let reason) = error?.problem else {
            Issue.record("expected unwritable, got \(String(describing: error))"); return
        }
        #expect(reason.contains("replace the file"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["taken.safetensors"])
    }
}

@Suite struct SafeTensorsValidation {
    /// A file of an 8-byte length (the header's own unless `declaredLength`), `header`, `data`.
    func file(_ header: String, data: [UInt8] = [], declaredLength: UInt64? = nil) -> Data {
        var bytes = Data()
        withUnsafeBytes(of: (declaredLength ?? UInt64(header.utf8.count)).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: Array(header.utf8))
        bytes.append(contentsOf: data)
        return bytes
    }

    func problem(_ data: Data) -> SafeTensorsError.Problem? {
        do {
            _ = try SafeTensors.decode(data, file: "bad.safetensors")
            return nil
        } catch {
            return (error as? SafeTensorsError)?.problem
        }
    }

    func entry(_ name: String, _ dtype: String = "F32", shape: [Int], _ begin: Int, _ end: Int) -> String {
        #""\#(name)": {"dtype": "\#(dtype)", "shape": \#(shape), "data_offsets": [\#(begin), \#(end)]}"#
    }

    @Test func errorNamesTheFileAndTheProblem() throws {
        let url = try makeTemporaryDirectory().appendingPathComponent("short.safetensors")
        try Data([1, 2, 3]).write(to: url)
        let error = #expect(throws: SafeTensorsError.self) { try SafeTensors.read(from: url) }
        #expect(error?.problem == .tooShort(fileSize: 3))
        #expect(error?.description == "checkpoint \(url.path): file is 3 bytes, shorter than the 8-byte header length")
    }

    @Test func missingFileIsUnreadable() throws {
        let url = try makeTemporaryDirectory().appendingPathComponent("absent.safetensors")
        let error = #expect(throws: SafeTensorsError.self) { try SafeTensors.read(from: url) }
        guard case .unreadable = error?.problem else { Issue.record("got \(String(describing: error))"); return }
        #expect(error?.file == url.path)
    }

    @Test func headerLengthPastEnd() {
        #expect(problem(file("{}", declaredLength: 100)) == .headerPastEnd(headerLength: 100, fileSize: 10))
        #expect(problem(file("{}", declaredLength: .max)) == .headerPastEnd(headerLength: .max, fileSize: 10))
    }

    @Test(arguments: [
        "{not json", "[1, 2]", #"{"x": 3}"#, #"{"x": {"shape": [1], "data_offsets": [0, 4]}}"#,
        #"{"x": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}}"#,
        #"{"x": {"dtype": "F32", "shape": [1.5], "data_offsets": [0, 4]}}"#,
        #"{"x": {"dtype": "F32", "shape": [1], "data_offsets": [0]}}"#,
        #"{"__metadata__": {"epoch": 3}}"#,
    ])
    func malformedHeader(_ header: String) {
        guard case .malformedHeader = problem(file(header, data: [0, 0, 0, 0])) else {
            Issue.record("\(header) was not reported as malformed: \(String(describing: problem(file(header))))")
            return
        }
    }

    @Test func headerThatIsNotUTF8() {
        var bytes = file("{}  ")
        bytes[9] = 0xFF
        guard case .malformedHeader(let reason) = problem(bytes) else { Issue.record("accepted"); return }
        #expect(reason.contains("UTF-8"))
    }

    @Test func unsupportedDType() {
        let data = file("{\(entry("ids", "I64", shape: [1], 0, 8))}", data: Array(repeating: 0, count: 8))
        #expect(problem(data) == .unsupportedDType(tensor: "ids", dtype: "I64"))
    }

    @Test func offsetsOutOfRange() {
        #expect(problem(file("{\(entry("x", shape: [2], 0, 8))}", data: [0, 0, 0, 0]))
                == .offsetsOutOfRange(tensor: "x", begin: 0, end: 8, dataSize: 4))
        #expect(problem(file("{\(entry("x", shape: [1], 4, 0))}", data: [0, 0, 0, 0]))
                == .offsetsOutOfRange(tensor: "x", begin: 4, end: 0, dataSize: 4))
    }

    @Test func sizeNotMatchingShapeAndDType() {
        #expect(problem(file("{\(entry("x", shape: [3], 0, 8))}", data: Array(repeating: 0, count: 8)))
                == .sizeMismatch(tensor: "x", dtype: "F32", shape: [3], expectedBytes: 12, actualBytes: 8))
        #expect(problem(file("{\(entry("x", "F64", shape: [2], 0, 8))}", data: Array(repeating: 0, count: 8)))
                == .sizeMismatch(tensor: "x", dtype: "F64", shape: [2], expectedBytes: 16, actualBytes: 8))
    }

    @Test func overlappingTensors() {
        let header = "{\(entry("a", shape: [2], 0, 8)), \(entry("b", shape: [2], 4, 12))}"
        #expect(problem(file(header, data: Array(repeating: 0, count: 12))) == .overlapping(tensor: "b", other: "a"))
    }

    @Test func holesAndTrailingBytes() {
        let gap = "{\(entry("a", shape: [1], 0, 4)), \(entry("b", shape: [1], 8, 12))}"
        #expect(problem(file(gap, data: Array(repeating: 0, count: 12))) == .unclaimedBytes(begin: 4, end: 8))
        let trailing = "{\(entry("a", shape: [1], 0, 4))}"
        #expect(problem(file(trailing, data: Array(repeating: 0, count: 8))) == .unclaimedBytes(begin: 4, end: 8))
    }

    @Test func typedAccessChecksNameDTypeAndShape() throws {
        let data = try SafeTensors.encode([("w", StoredTensor(Tensor<Float>.ones([2, 3])))], metadata: [:], file: "m")
        let file = try SafeTensors.decode(data, file: "m.safetensors")
        #expect(throws: SafeTensorsError(file: "m.safetensors", problem: .missingTensor(name: "v", available: ["w"]))) {
            try file.tensor(named: "v", as: Float.self)
        }
        #expect(throws: SafeTensorsError(file: "m.safetensors", problem: .dtypeMismatch(tensor: "w", expected: "F64", found: "F32"))) {
            try file.tensor(named: "w", as: Double.self)
        }
        #expect(throws: SafeTensorsError(file: "m.safetensors", problem: .shapeMismatch(tensor: "w", expected: [3, 2], found: [2, 3]))) {
            try file.tensor(named: "w", as: Float.self, shape: [3, 2])
        }
        let message = SafeTensorsError(file: "m.safetensors", problem: .shapeMismatch(tensor: "w", expected: [3, 2], found: [2, 3]))
        #expect(message.description == #"checkpoint m.safetensors: tensor "w" has shape [2, 3], expected [3, 2]"#)
    }
}
