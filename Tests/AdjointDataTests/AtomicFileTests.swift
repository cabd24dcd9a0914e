import Foundation
import Testing
@testable import AdjointData

// Whole-file writes: the new content replaces the old in one rename, and a failed write leaves
// the old file and no temporary file behind.

@Suite struct AtomicFileTests {
    @Test func replacesTheFileAndLeavesNoTemporaryFile() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("status.txt")
        try AtomicFile.write(Data("first\n".utf8), to: url)
        try AtomicFile.write(Data("second\n".utf8), to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "second\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["status.txt"])
        try AtomicFile.write(Data(), to: url)
        #expect(try Data(contentsOf: url).isEmpty)
    }

    @Test func aFailedWriteNamesTheStepAndKeepsThePreviousFile() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("no-such-folder/status.txt")
        let error = #expect(throws: FileWriteError.self) { try AtomicFile.write(Data("x".utf8), to: missing) }
        #expect(error?.path == missing.path && error?.step == "create a temporary file")
        #expect(error?.description.hasPrefix("cannot write \(missing.path): create a temporary file failed: ") == true)

        // A directory where the file should be: the rename fails, the directory stays as it was.
        let blocked = folder.appendingPathComponent("blocked")
        try FileManager.default.createDirectory(at: blocked.appendingPathComponent("inside"), withIntermediateDirectories: true)
        let renameError = #expect(throws: FileWriteError.self) { try AtomicFile.write(Data("x".utf8), to: blocked) }
        #expect(renameError?.step == "replace the file")
        #expect(try FileManager.default.contentsOfDirectory(atPath: blocked.path) == ["inside"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["blocked"])
    }

    @Test func safeTensorsReportsAnUnwritableFileAsASafeTensorsError() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("missing/w.safetensors")
        let error = #expect(throws: SafeTensorsError.self) { try SafeTensors.write([("w", Tensor<Float>.ones([2]))], to: url) }
        guard case let .unwritable(reason)? = error?.problem else {
            Issue.record("expected .unwritable, got \(String(describing: error))")
            return
        }
        #expect(reason.hasPrefix("create a temporary file failed: "))
    }
}
