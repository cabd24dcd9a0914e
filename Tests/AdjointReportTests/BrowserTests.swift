import Foundation
import Testing
import AdjointCommandLine

/// The run page in a real browser: when Debian's `chromium` is installed, a headless
/// screenshot of a small run's `index.html` must not be blank and the page must log no
/// console errors. Skipped (passing) where there is no chromium.
@Suite struct BrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs headless chromium on `page`; returns the screenshot's size in bytes and what it logged.
    func screenshot(_ page: URL, to png: URL, width: Int) throws -> (bytes: Int, log: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.chromium!)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                             "--screenshot=\(png.path)", "--window-size=\(width),2400", page.absoluteString]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let bytes = (try FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0
        return (bytes, log)
    }

    @Test(.enabled(if: chromium != nil, "chromium is not installed"))
    func smallRunPageRendersWithoutErrors() throws {
        let folder = try temporaryFolder("browser")
        var options = try TrainOptions.parse(["--model", "two-layer", "--train-samples", "600", "--epochs", "2",
                                              "--out", folder.appending(path: "run").path]).withRecipe()
        options.overwrite = true
        let summary = try TrainCommand.run(options, log: { _ in })
        let page = summary.folder.appending(path: "index.html")
        let blank = folder.appending(path: "blank.html")
        try Data("<!DOCTYPE html><html><body></body></html>".utf8).write(to: blank)

        for width in [390, 1200] {   // a phone and a desktop
            let shot = try screenshot(page, to: folder.appending(path: "page-\(width).png"), width: width)
            let empty = try screenshot(blank, to: folder.appending(path: "blank-\(width).png"), width: width)
            // A white page compresses to a few kilobytes; charts, tables and images do not.
            #expect(shot.bytes > 10 * max(empty.bytes, 1), "screenshot \(shot.bytes) bytes, blank \(empty.bytes)")
            #expect(!shot.log.contains("CONSOLE"), "console output: \(shot.log)")
        }
    }
}
