import Foundation
import FoundationXML
import Testing
@testable import AdjointTraining

// Side-by-side runs: the text table, the two charts and results.json.

@Suite struct ComparisonTests {
    static func history(_ loss: [Double], train: [Double], validation: [Double]) -> Trainer<Float>.History {
        var history = Trainer<Float>.History()
        history.loss = loss
        history.trainAccuracy = train
        history.validationAccuracy = validation
        return history
    }

    static let comparison: Comparison = {
        var comparison = Comparison(title: "Optimizers")
        comparison.add("sgd", history: history([2.3, 1.1, 0.61234], train: [0.5, 0.7], validation: [0.45, 0.66]), testAccuracy: 0.65)
        comparison.add("adam-with-decay", history: history([2.3, 0.4], train: [0.8, 0.9], validation: [0.78, 0.88]), testAccuracy: 0.875)
        return comparison
    }()

    @Test func tableHasARowPerRun() {
        #expect(Self.comparison.runs.map(\.name) == ["sgd", "adam-with-decay"])
        #expect(Self.comparison.table == """
            Optimizers
            run              final loss  train acc  val acc  test acc
            sgd                  0.6123     0.7000     0.6600     0.6500
            adam-with-decay      0.4000     0.9000     0.8800     0.8750
            """)
    }

    @Test func writesBothChartsAndTheResults() throws {
        let folder = try makeTemporaryDirectory().appendingPathComponent("optimizers")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        try Self.comparison.write(to: folder)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["accuracy.svg", "index.html", "loss.svg", "results.json"])
        let loss = try parseSVG(String(contentsOf: folder.appendingPathComponent("loss.svg"), encoding: .utf8))
        #expect(try elements(loss, "text", class: "legend").map(\.stringValue) == ["sgd", "adam-with-decay"])
        let accuracy = try parseSVG(String(contentsOf: folder.appendingPathComponent("accuracy.svg"), encoding: .utf8))
        #expect(try elements(accuracy, "text", class: "legend").map(\.stringValue)
                == ["sgd train", "sgd validation", "adam-with-decay train", "adam-with-decay validation"])
        let results = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("results.json")))
                                   as? [String: [String: Double]])
        #expect(results["sgd"] == ["test_accuracy": 0.65, "final_val_accuracy": 0.66, "final_train_accuracy": 0.7])
        #expect(results["adam-with-decay"]?["test_accuracy"] == 0.875)
    }
}
