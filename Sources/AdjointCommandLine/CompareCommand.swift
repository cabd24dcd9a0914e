import Foundation

/// The `compare` command: several run folders (from `train`, `evaluate` or any `RunReport`)
/// on one HTML page, their curves overlaid and their metrics in one table.
///
/// ```swift
/// let page = try CompareCommand.run(["runs/sgd", "runs/adam", "--out", "runs/sgd-vs-adam"])
/// ```
package enum CompareCommand {
    package static let usage = """
    usage: compare RUN_DIR... [--title TEXT] [--out DIR]
      RUN_DIR      a run folder with history.json and metrics.json (train writes them)
      --title TEXT the page's title (default: the runs' names joined by " vs ")
      --out DIR    where index.html goes (default runs/compare)
    """

    /// Reads the runs, writes `index.html` into the output folder and returns its URL; nil for `--help`.
    package static func run(_ arguments: [String], log: (String) -> Void = TrainCommand.printLine) throws -> URL? {
        var folders: [String] = [], out = "runs/compare", title: String?
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--help", "-h": return nil
            case "--out", "--title":
                guard let value = rest.popFirst() else { throw TrainOptions.ParseError.missingValue(argument) }
                if argument == "--out" { out = value } else { title = value }
            case _ where argument.hasPrefix("--"): throw TrainOptions.ParseError.unknownOption(argument)
            default: folders.append(argument)
            }
        }
        guard !folders.isEmpty else { throw CommandLineError("name at least one run folder") }
        let urls = folders.map { URL(fileURLWithPath: $0).standardizedFileURL }
        // Two folders of the same name (runs/a/cnn, runs/b/cnn) keep their paths apart.
        let names = urls.map(\.lastPathComponent)
        let runs = try zip(urls, folders).map { url, given in
            do {
                return try ComparisonPage.Run(folder: url, name: names.filter { $0 == url.lastPathComponent }.count > 1 ? given : nil)
            } catch {
                throw CommandLineError("\(given): not a run folder (no readable history.json and metrics.json: \(error))")
            }
        }
        let page = ComparisonPage(title: title ?? runs.map(\.name).joined(separator: " vs "), runs: runs)
        let protected = Dictionary(zip(folders, urls).map { ("the run folder \($0)", $1) }) { first, _ in first }
        let folder = try RunFolder(path: out, kind: .comparison, mode: .overwrite, protected: protected)
        try folder.save { staging in try AtomicFile.write(Data(page.html().utf8), to: staging.appending(path: "index.html")) }
        let file = folder.url.appending(path: "index.html")
        log("compared \(runs.count) runs: \(file.path)")
        return file
    }
}
