import Foundation
import Testing
@testable import AdjointData

/// A fresh directory under the system's temporary directory; tests remove it when done.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "adjoint-data-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func write(_ bytes: [UInt8], to name: String) throws -> String {
        let file = file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// A fresh empty directory under the system's temporary directory.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("adjoint-data-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Why a test could not use the system's gzip: a failure, never a silent pass.
struct GzipToolError: Error, CustomStringConvertible {
    let description: String
}

/// The system `gzip`, found on PATH or in /usr/bin.
func gzipExecutable() throws -> String {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    let candidates = path.split(separator: ":").map { "\($0)/gzip" } + ["/usr/bin/gzip", "/bin/gzip"]
    guard let gzip = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
        throw GzipToolError(description: "no gzip executable on PATH or in /usr/bin: these tests need the system gzip")
    }
    return gzip
}

/// Runs the system gzip with `arguments` on the file `input`, returning what it writes to stdout.
func runGzip(_ arguments: [String], on input: String, in directory: TemporaryDirectory) throws -> [UInt8] {
    let output = directory.file(UUID().uuidString + ".out")
    _ = FileManager.default.createFile(atPath: output, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try gzipExecutable())
    process.arguments = arguments + ["-c", input]
    process.standardOutput = handle
    try process.run()
    process.waitUntilExit()
    try handle.close()
    guard process.terminationStatus == 0 else {
        throw GzipToolError(description: "gzip \(arguments) \(input) exited with status \(process.terminationStatus)")
    }
    return [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
}

/// Compresses `bytes` with the system gzip and returns the compressed file's path.
func gzipFile(_ bytes: [UInt8], named name: String, arguments: [String] = ["-9", "-n"],
              in directory: TemporaryDirectory) throws -> String {
    let plain = try directory.write(bytes, to: name)
    return try directory.write(try runGzip(arguments, on: plain, in: directory), to: name + ".gz")
}

/// Writes DEFLATE's bit stream: values least significant bit first, Huffman codes most
/// significant bit first (RFC 1951, 3.1.1).
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var bitCount = 0

    mutating func write(_ value: Int, bits: Int) {
        for i in 0..<bits { appendBit((value >> i) & 1) }
    }

    mutating func writeCode(_ code: Int, length: Int) {
        for i in (0..<length).reversed() { appendBit((code >> i) & 1) }
    }

    private mutating func appendBit(_ bit: Int) {
        if bitCount % 8 == 0 { bytes.append(0) }
        bytes[bytes.count - 1] |= UInt8(bit << (bitCount % 8))
        bitCount += 1
    }
}

/// `count` reproducible random bytes.
func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var rng = SeededGenerator(seed: seed)
    return (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
}

/// The repository's `Data/` directory, found from this source file.
let repositoryDataDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Data").path

/// Runs `body` and returns the `DataError` it throws, recording a failure if it throws none.
func dataError<T>(_ body: () throws(DataError) -> T, sourceLocation: SourceLocation = #_sourceLocation) -> DataError? {
    do {
        _ = try body()
        Issue.record("expected a DataError, but none was thrown", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}
