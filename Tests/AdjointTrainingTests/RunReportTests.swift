import Foundation
import FoundationXML
import Testing
@testable import AdjointTraining

@Suite struct RunReportTests {
    func report() -> RunReport {
        var loss = (0..<1000).map { (i: Int) -> Double in 2.3 / (1 + Double(i) / 100) }
        loss.append(.nan)
        return RunReport(title: "fc net",
                  loss: loss,
                  trainAccuracy: [0.4, 0.6, 0.7],
                  validationAccuracy: [0.38, 0.55, 0.61],
                  confusion: ConfusionMatrix(classNames: ["a", "b"], counts: [[8, 2], [1, 9]]),
                  metrics: ["best_val_accuracy": 0.61, "epochs": 3],
                  info: ["optimizer": .string("adam"), "model": .string("fc \"4x500\""),
                         "settings": .object([("lr", .number(1e-3)), ("layers", .array([.integer(500), .integer(500)]))])],
                  figures: ["filters.svg": ImageGrid(Tensor<Float>.ones([2, 3, 3, 1])).svg()])
    }

    @Test func writesEveryFileAndNothingElse() throws {
        let folder = try makeTemporaryDirectory().appendingPathComponent("runs/first")
        let written = try report().write(to: folder)
        let names = ["metrics.json", "history.json", "loss.svg", "accuracy.svg", "confusion.svg", "confusion.txt", "filters.svg",
                     "index.html"]
        #expect(written.map(\.lastPathComponent) == names)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == names.sorted())
        for name in names where name.hasSuffix(".svg") {
            _ = try parseSVG(String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))
        }
        #expect(try String(contentsOf: folder.appendingPathComponent("confusion.txt"), encoding: .utf8)
                == report().confusion!.text())
    }

    @Test func jsonFilesParseAndKeepTheNumbers() throws {
        let folder = try makeTemporaryDirectory()
        try report().write(to: folder)
        let metrics = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("metrics.json"))) as? [String: Any])
        #expect(metrics["metrics"] as? [String: Double] == ["best_val_accuracy": 0.61, "epochs": 3])
        let info = try #require(metrics["info"] as? [String: Any])
        #expect(info["optimizer"] as? String == "adam" && info["model"] as? String == "fc \"4x500\"")
        // Typed JSON stays typed: numbers as numbers, arrays as arrays.
        let settings = try #require(info["settings"] as? [String: Any])
        #expect(settings["lr"] as? Double == 1e-3)
        #expect(settings["layers"] as? [Int] == [500, 500])
        let confusion = try #require(metrics["confusion_matrix"] as? [String: Any])
        #expect(confusion["counts"] as? [[Int]] == [[8, 2], [1, 9]])
        #expect(confusion["classes"] as? [String] == ["a", "b"])
        #expect(confusion["accuracy"] as? Double == 0.85)

        let history = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("history.json"))) as? [String: Any])
        let loss = try #require(history["loss"] as? [Any])
        #expect(loss.count == 1001)
        #expect((loss[0] as? Double) == 2.3)
        // Foundation's JSON parser may be off in the last bit, so compare closely, not exactly.
        #expect(abs((loss[999] as? Double ?? 0) - 2.3 / (1 + 999.0 / 100)) < 1e-12)
        #expect(loss[1000] is NSNull)
        #expect(history["validation_accuracy"] as? [Double] == [0.38, 0.55, 0.61])
    }

    @Test func chartsShowTheHistories() throws {
        let folder = try makeTemporaryDirectory()
        try report().write(to: folder)
        let loss = try parseSVG(String(contentsOf: folder.appendingPathComponent("loss.svg"), encoding: .utf8))
        #expect(try elements(loss, "polyline", class: "raw").count == 1)
        #expect(try elements(loss, "text", class: "title").first?.stringValue == "fc net: loss")
        let accuracy = try parseSVG(String(contentsOf: folder.appendingPathComponent("accuracy.svg"), encoding: .utf8))
        #expect(try elements(accuracy, "circle", class: "marker").count == 6)
        #expect(try elements(accuracy, "text", class: "legend").map(\.stringValue) == ["train", "validation"])
    }

    @Test func onlyWhatHasDataIsDrawnAndRewritesReplace() throws {
        let folder = try makeTemporaryDirectory()
        try report().write(to: folder)
        let written = try RunReport(title: "short", validationAccuracy: [0.5], metrics: ["epochs": 1]).write(to: folder)
        #expect(written.map(\.lastPathComponent) == ["metrics.json", "history.json", "accuracy.svg", "index.html"])
        let accuracy = try parseSVG(String(contentsOf: folder.appendingPathComponent("accuracy.svg"), encoding: .utf8))
        #expect(try elements(accuracy, "text", class: "legend").map(\.stringValue) == ["validation"])
        let history = try String(contentsOf: folder.appendingPathComponent("history.json"), encoding: .utf8)
        #expect(history == "{\n  \"loss\": [],\n  \"train_accuracy\": [],\n  \"validation_accuracy\": [0.5]\n}\n")
        // No temporary files are left behind by the atomic writes.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.hasPrefix(".") })
    }

    @Test func jsonTextEscapesAndOrders() throws {
        let value = JSONText.object([("z", .integer(1)), ("a\"\n\u{1}", .array([.number(0.1), .number(-.infinity), .bool(true)]))])
        let text = value.rendered()
        #expect(text == #"{"z": 1, "a\"\n\u0001": [0.1, null, true]}"#)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(parsed.keys.sorted() == ["a\"\n\u{1}", "z"])
    }

    /// Any `Encodable` becomes typed JSON with sorted keys (settings in a report).
    @Test func jsonTextFromEncodable() throws {
        struct Settings: Encodable { let seed = 3, lr = 1.5e-3, name = "fc", sizes = [500, 500], decay: Double? = nil }
        let text = try JSONText(encoding: Settings()).rendered()
        #expect(text == #"{"lr": 0.0015, "name": "fc", "seed": 3, "sizes": [500, 500]}"#)
    }
}
