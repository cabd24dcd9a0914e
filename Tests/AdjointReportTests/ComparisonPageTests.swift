import Foundation
import Testing
import AdjointCommandLine

@Suite struct ComparisonPageTests {
    @Test func comparesRunFolders() throws {
        let root = try temporaryFolder("compare")
        for (name, accuracy) in [("sgd", 0.81), ("adam", 0.86)] {
            let report = RunReport(title: name, loss: [2.3, 1.2, .nan, 0.7], trainAccuracy: [0.7, accuracy],
                                   validationAccuracy: [0.69, accuracy - 0.01], metrics: ["test_accuracy": accuracy, "epochs": 2])
            try report.write(to: root.appending(path: name))
        }
        let run = try ComparisonPage.Run(folder: root.appending(path: "adam"))
        #expect(run.name == "adam" && run.metrics == ["test_accuracy": 0.86, "epochs": 2])
        #expect(run.loss.count == 4 && run.loss[2].isNaN && run.validationAccuracy == [0.69, 0.85])

        var lines: [String] = []
        let out = root.appending(path: "page")
        let file = try #require(try CompareCommand.run([root.appending(path: "sgd").path, root.appending(path: "adam").path,
                                                        "--out", out.path], log: { lines.append($0) }))
        let html = try String(contentsOf: file, encoding: .utf8)
        #expect(html.contains("<title>sgd vs adam</title>"))
        #expect(html.contains("<th>test_accuracy</th><th>epochs</th>"))
        #expect(html.contains("<td>sgd</td><td class=\"num\">0.81</td>") && html.contains("<td>adam</td><td class=\"num\">0.86</td>"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 3 && !html.contains("<script"))
        #expect(lines == ["compared 2 runs: \(file.path)"])
    }

    @Test func refusesWhatIsNotARunFolder() throws {
        let root = try temporaryFolder("not-a-run")
        #expect(throws: CommandLineError.self) { try CompareCommand.run([root.path, "--out", root.path]) }
        // A named pipe in place of history.json is refused as one, not waited on.
        let piped = try temporaryFolder("piped")
        #expect(mkfifo(piped.appending(path: "history.json").path, 0o644) == 0)
        #expect { try CompareCommand.run([piped.path, "--out", piped.appending(path: "page").path]) } throws: { error in
            "\(error)".contains("named pipe") && !"\(error)".contains("NSCocoaErrorDomain")
        }
        #expect(throws: TrainOptions.ParseError.unknownOption("--colour")) { try CompareCommand.run(["--colour"]) }
        #expect(try CompareCommand.run(["--help"]) == nil)
    }

    @Test func examplesWriteThePageToo() throws {
        let folder = try temporaryFolder("comparison")
        var comparison = Comparison(title: "Optimizers")
        var history = Trainer<Float>.History()
        (history.loss, history.trainAccuracy, history.validationAccuracy) = ([2, 1], [0.6], [0.55])
        comparison.add("sgd", history: history, testAccuracy: 0.5)
        try comparison.write(to: folder)
        let html = try String(contentsOf: folder.appending(path: "index.html"), encoding: .utf8)
        #expect(html == comparison.page.html() && html.contains("<td>sgd</td><td class=\"num\">0.5</td>"))
    }
}
