import Foundation
import Testing
@testable import AdjointTraining

// A run folder is replaced whole at every save, and its modes refuse what would lose or mix runs.

@Suite struct RunFolderTests {
    func files(_ url: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    @Test func savesReplaceTheWholeFolder() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = try RunFolder(path: root.appendingPathComponent("runs/a").path, mode: .new)
        #expect(folder.url == root.appendingPathComponent("runs/a").standardizedFileURL)
        try folder.save { staging in
            try Data("1".utf8).write(to: staging.appendingPathComponent("model.safetensors"))
            try Data("old".utf8).write(to: staging.appendingPathComponent("only-in-the-first.txt"))
        }
        #expect(try files(folder.url) == ["model.safetensors", "only-in-the-first.txt"])
        try folder.save { staging in try Data("2".utf8).write(to: staging.appendingPathComponent("model.safetensors")) }
        #expect(try files(folder.url) == ["model.safetensors"])
        #expect(try String(contentsOf: folder.url.appendingPathComponent("model.safetensors"), encoding: .utf8) == "2")
        // No staging sibling is left next to the folder.
        #expect(try files(folder.url.deletingLastPathComponent()) == ["a"])
    }

    /// A save whose writer fails leaves the previous state in place.
    @Test func aFailedSaveKeepsThePreviousState() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = try RunFolder(path: root.appendingPathComponent("a").path, mode: .new)
        try folder.save { try Data("kept".utf8).write(to: $0.appendingPathComponent("model.safetensors")) }
        struct Failure: Error {}
        #expect(throws: Failure.self) {
            try folder.save { staging in
                try Data("half".utf8).write(to: staging.appendingPathComponent("model.safetensors"))
                throw Failure()
            }
        }
        #expect(try String(contentsOf: folder.url.appendingPathComponent("model.safetensors"), encoding: .utf8) == "kept")
        #expect(try files(root) == ["a"])
    }

    @Test func modesRefuseWhatDoesNotFit() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("a").path
        let folder = try RunFolder(path: path, mode: .new)
        try folder.save { try Data("x".utf8).write(to: $0.appendingPathComponent("model.safetensors")) }

        let taken = #expect(throws: RunFolderError.self) { try RunFolder(path: path, mode: .new) }
        #expect(taken?.description == "--out \"\(path)\": it already holds files (model.safetensors); pass --resume to continue that run or --overwrite to replace it")
        _ = try RunFolder(path: path, mode: .overwrite)
        _ = try RunFolder(path: path, mode: .resume)
        #expect(throws: RunFolderError(path: root.appendingPathComponent("b").path, problem: "it holds no run to resume (no model.safetensors)")) {
            try RunFolder(path: root.appendingPathComponent("b").path, mode: .resume)
        }
        #expect(throws: RunFolderError(path: "", problem: "the folder name is empty")) { try RunFolder(path: "", mode: .new) }
        #expect(throws: RunFolderError(path: "/", problem: "the root folder cannot be a run folder")) { try RunFolder(path: "/", mode: .overwrite) }
        let file = root.appendingPathComponent("file")
        try Data().write(to: file)
        #expect(throws: RunFolderError(path: file.path, problem: "it is a file, not a folder")) {
            try RunFolder(path: file.path, mode: .overwrite)
        }
    }
}
