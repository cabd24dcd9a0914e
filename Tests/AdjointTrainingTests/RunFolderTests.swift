import Foundation
import Testing
@testable import AdjointTraining

// A save replaces the files Adjoint wrote and nothing else; the modes refuse what would lose or
// mix runs, or touch a folder Adjoint did not write; one writer at a time.

@Suite struct RunFolderTests {
    func files(_ url: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    func visible(_ url: URL) throws -> [String] { try files(url).filter { !$0.hasPrefix(".") } }

    func save(_ folder: RunFolder, _ files: [String: String]) throws {
        try folder.save { staging in
            for (name, text) in files { try Data(text.utf8).write(to: staging.appending(path: name)) }
        }
    }

    func text(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    @Test func savesReplaceWhatTheyWroteBefore() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = try RunFolder(path: root.appending(path: "runs/a").path, mode: .new)
        #expect(folder.url.path == root.appending(path: "runs/a").standardizedFileURL.path)
        try save(folder, ["model.safetensors": "1", "only-in-the-first.txt": "old"])
        #expect(try visible(folder.url) == ["model.safetensors", "only-in-the-first.txt"])
        try save(folder, ["model.safetensors": "2"])
        #expect(try visible(folder.url) == ["model.safetensors"])
        #expect(try text(folder.url.appending(path: "model.safetensors")) == "2")
        // Only the manifest and the lock besides; nothing beside the folder.
        #expect(try files(folder.url) == [".adjoint.json", ".adjoint.lock", "model.safetensors"])
        #expect(try files(folder.url.deletingLastPathComponent()) == ["a"])
    }

    /// A save whose writer fails leaves the previous state in place.
    @Test func aFailedSaveKeepsThePreviousState() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = try RunFolder(path: root.appending(path: "a").path, mode: .new)
        try save(folder, ["model.safetensors": "kept"])
        struct Failure: Error {}
        #expect(throws: Failure.self) {
            try folder.save { staging in
                try Data("half".utf8).write(to: staging.appending(path: "model.safetensors"))
                throw Failure()
            }
        }
        #expect(try text(folder.url.appending(path: "model.safetensors")) == "kept")
        #expect(try files(root) == ["a"])
        #expect(try files(folder.url) == [".adjoint.json", ".adjoint.lock", "model.safetensors"])
    }

    /// Files a user put in a run folder survive every later save, byte for byte, and so does a
    /// file that replaced one of Adjoint's (its size differs from what Adjoint wrote).
    @Test func filesAUserPutInTheFolderSurvive() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appending(path: "run").path
        try save(try RunFolder(path: path, mode: .new), ["model.safetensors": "1", "metrics.json": "{}", "history.json": "{}",
                                                        "confusion.svg": "<svg/>"])
        let notes = Data([0, 1, 2, 255, 10])
        try notes.write(to: root.appending(path: "run/NOTES.txt"))
        try FileManager.default.createDirectory(at: root.appending(path: "run/photos"), withIntermediateDirectories: false)
        try notes.write(to: root.appending(path: "run/photos/cat.jpg"))
        try Data("mine, not Adjoint's".utf8).write(to: root.appending(path: "run/confusion.svg"))
        for mode in [RunFolder.Mode.resume, .overwrite] {
            try save(try RunFolder(path: path, mode: mode), ["model.safetensors": "2", "metrics.json": "{}", "history.json": "{}"])
        }
        #expect(try Data(contentsOf: root.appending(path: "run/NOTES.txt")) == notes)
        #expect(try Data(contentsOf: root.appending(path: "run/photos/cat.jpg")) == notes)
        #expect(try text(root.appending(path: "run/confusion.svg")) == "mine, not Adjoint's")
        #expect(try visible(root.appending(path: "run")) == ["NOTES.txt", "confusion.svg", "history.json", "metrics.json", "model.safetensors", "photos"])
    }

    /// A folder Adjoint did not write is refused whatever the mode, naming what it holds.
    @Test func aFolderAdjointDidNotWriteIsRefused() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let docs = root.appending(path: "docs")
        try FileManager.default.createDirectory(at: docs.appending(path: "photos"), withIntermediateDirectories: true)
        try Data("\\documentclass{article}".utf8).write(to: docs.appending(path: "thesis.tex"))
        let overwrite = #expect(throws: RunFolderError.self) { try RunFolder(path: docs.path, mode: .overwrite) }
        #expect(overwrite?.problem == "it is not a folder Adjoint wrote: it holds photos/, thesis.tex; choose a new or empty folder (only Adjoint's own folders are replaced)")
        let new = #expect(throws: RunFolderError.self) { try RunFolder(path: docs.path, kind: .evaluation, mode: .new) }
        #expect(new?.problem == "it holds files Adjoint did not write (photos/, thesis.tex); choose a new folder")
        #expect(throws: RunFolderError.self) { try RunFolder(path: docs.path, kind: .comparison, mode: .overwrite) }
        #expect(try files(docs) == ["photos", "thesis.tex"])
    }

    /// An evaluation or a comparison never writes into a run, nor a run into either.
    @Test func kindsDoNotMix() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = root.appending(path: "run").path
        try save(try RunFolder(path: run, mode: .new), ["model.safetensors": "1"])
        let evaluation = #expect(throws: RunFolderError.self) { try RunFolder(path: run, kind: .evaluation, mode: .overwrite) }
        #expect(evaluation?.problem == "it holds a run, not an evaluation; choose another folder")
        #expect(throws: RunFolderError.self) { try RunFolder(path: run, kind: .comparison, mode: .overwrite) }
        let report = root.appending(path: "report").path
        try save(try RunFolder(path: report, kind: .evaluation, mode: .overwrite), ["index.html": "<p>"])
        try save(try RunFolder(path: report, kind: .evaluation, mode: .overwrite), ["index.html": "<p>again"])
        #expect(throws: RunFolderError.self) { try RunFolder(path: report, mode: .overwrite) }
        #expect(throws: RunFolderError.self) { try RunFolder(path: report, mode: .resume) }
    }

    /// The working folder, a folder holding it, and protected folders are refused as outputs.
    @Test func protectedFoldersAreRefused() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appending(path: "data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: false)
        let same = #expect(throws: RunFolderError.self) {
            try RunFolder(path: data.path, mode: .overwrite, protected: ["the data folder (--data)": data])
        }
        #expect(same?.problem == "it is the data folder (--data)")
        let holds = #expect(throws: RunFolderError.self) {
            try RunFolder(path: root.path, kind: .evaluation, mode: .overwrite, protected: ["the checkpoint": data.appending(path: "model.safetensors")])
        }
        #expect(holds?.problem.hasPrefix("it holds the checkpoint") == true)
        let here = FileManager.default.currentDirectoryPath
        #expect(throws: RunFolderError(path: ".", problem: "it is the working folder")) { try RunFolder(path: ".", mode: .overwrite) }
        #expect(throws: RunFolderError.self) { try RunFolder(path: "..", mode: .overwrite) }
        #expect(FileManager.default.currentDirectoryPath == here)
    }

    /// One writer at a time: a second is refused with the holder's process id; the lock goes
    /// with the folder value, and a folder that saved nothing is removed again.
    @Test func aSecondWriterIsRefused() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appending(path: "a").path
        do {
            let folder = try RunFolder(path: path, mode: .new)
            let second = #expect(throws: RunFolderError.self) { try RunFolder(path: path, mode: .overwrite) }
            #expect(second?.problem == "another process (pid \(getpid())) is writing it; wait for it to end or stop it")
            try save(folder, ["model.safetensors": "1"])
        }
        do {
            let again = try RunFolder(path: path, mode: .resume)
            #expect(try files(again.url).contains(".adjoint.lock"))
        }
        #expect(try files(root.appending(path: "a")) == [".adjoint.json", "model.safetensors"])
        do { _ = try RunFolder(path: root.appending(path: "unused").path, mode: .new) }
        #expect(try files(root) == ["a"])
    }

    /// A named pipe in place of the manifest is not waited on: the folder is not one Adjoint wrote.
    @Test func aPipeForAManifestIsNotWaitedOn() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appending(path: "a")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        try Data("x".utf8).write(to: folder.appending(path: "notes.txt"))
        #expect(mkfifo(folder.appending(path: ".adjoint.json").path, 0o644) == 0)
        #expect(throws: RunFolderError.self) { try RunFolder(path: folder.path, mode: .overwrite) }
    }

    /// A stale lock file (its process gone, so no flock on it) is simply taken.
    @Test func aStaleLockIsTaken() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appending(path: "a").path
        try save(try RunFolder(path: path, mode: .new), ["model.safetensors": "1"])
        try Data("999999\n".utf8).write(to: root.appending(path: "a/.adjoint.lock"))
        try save(try RunFolder(path: path, mode: .resume), ["model.safetensors": "2"])
        #expect(try text(root.appending(path: "a/model.safetensors")) == "2")
    }

    /// A kill after the commit and before every file moved: the next open finishes the save; a
    /// kill before it: the half-written staging folder is dropped.
    @Test func anInterruptedSaveIsFinishedOrDropped() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appending(path: "a").path
        do {
            let folder = try RunFolder(path: path, mode: .new)
            try save(folder, ["model.safetensors": "1", "old.svg": "old"])
            // What a kill midway through `save` leaves: the commit, one file already moved.
            let commit = folder.commit
            try FileManager.default.createDirectory(at: commit, withIntermediateDirectories: false)
            try Data("2".utf8).write(to: commit.appending(path: "metrics.json"))
            try Data("2".utf8).write(to: commit.appending(path: "model.safetensors"))
            try FolderManifest.write(kind: .run, listing: commit)
            try FileManager.default.moveItem(at: commit.appending(path: "metrics.json"), to: folder.url.appending(path: "metrics.json"))
        }
        do {
            let reopened = try RunFolder(path: path, mode: .resume)
            #expect(try files(reopened.url) == [".adjoint.json", ".adjoint.lock", "metrics.json", "model.safetensors"])
            #expect(try text(reopened.url.appending(path: "model.safetensors")) == "2")
            try FileManager.default.createDirectory(at: reopened.staging, withIntermediateDirectories: false)
            try Data("half".utf8).write(to: reopened.staging.appending(path: "model.safetensors"))
        }
        _ = try RunFolder(path: path, mode: .resume)
        #expect(try files(root.appending(path: "a")) == [".adjoint.json", "metrics.json", "model.safetensors"])
    }

    @Test func modesRefuseWhatDoesNotFit() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appending(path: "a").path
        try save(try RunFolder(path: path, mode: .new), ["model.safetensors": "x"])

        let taken = #expect(throws: RunFolderError.self) { try RunFolder(path: path, mode: .new) }
        #expect(taken?.description == "--out \"\(path)\": it already holds files (model.safetensors); pass --resume to continue that run or --overwrite to replace it")
        _ = try RunFolder(path: path, mode: .overwrite)
        _ = try RunFolder(path: path, mode: .resume)
        let empty = root.appending(path: "b")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: false)
        #expect(throws: RunFolderError(path: empty.path, problem: "it holds no run to resume (no model.safetensors)", option: "--resume")) {
            try RunFolder(path: empty.path, mode: .resume, option: "--resume")
        }
        #expect(throws: RunFolderError(path: "", problem: "the folder name is empty")) { try RunFolder(path: "", mode: .new) }
        #expect(throws: RunFolderError(path: "/", problem: "the root folder cannot be a run folder")) { try RunFolder(path: "/", mode: .overwrite) }
        let file = root.appending(path: "file")
        try Data().write(to: file)
        #expect(throws: RunFolderError(path: file.path, problem: "it is a file, not a folder")) {
            try RunFolder(path: file.path, mode: .overwrite)
        }
    }
}
