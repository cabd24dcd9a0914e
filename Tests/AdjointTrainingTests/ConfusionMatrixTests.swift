import Foundation
import FoundationXML
import Testing
@testable import AdjointTraining

@Suite struct ConfusionMatrixTests {
    let example = ConfusionMatrix(classNames: ["cat", "dog"], counts: [[5, 1], [2, 7]])

    @Test func recordsAndSummarises() {
        var matrix = ConfusionMatrix(classNames: ["a", "b", "c"])
        #expect(matrix.accuracy == nil)
        matrix.record(labels: [0, 1, 1, 2, 2, 2], predictions: [0, 0, 1, 2, 2, 1])
        #expect(matrix.counts == [[1, 0, 0], [1, 1, 0], [0, 1, 2]])
        #expect(matrix.total == 6 && matrix.correct == 4)
        #expect(matrix.accuracy == 4.0 / 6)
        #expect(matrix.recall(ofClass: 2) == 2.0 / 3)
        #expect(matrix.precision(ofClass: 0) == 0.5)
        #expect(ConfusionMatrix(classNames: ["a"]).recall(ofClass: 0) == nil)
    }

    @Test func textIsAligned() {
        #expect(example.text() == """
            true \\ predicted  cat  dog  recall
                         cat    5    1   83.3%
                         dog    2    7   77.8%
            accuracy 80.0% (12 of 15)

            """)
    }

    @Test func textColumnsWidenForLongNamesAndCounts() {
        let matrix = ConfusionMatrix(classNames: ["T-shirt/top", "Bag"], counts: [[12345, 3], [0, 9]])
        let lines = matrix.text().split(separator: "\n").dropLast()
        #expect(Set(lines.map(\.count)).count == 1)
        #expect(lines[0] == "true \\ predicted  T-shirt/top  Bag  recall")
        #expect(lines[1] == "     T-shirt/top        12345    3  100.0%")
    }

    @Test func heatmapHasACellAndACountForEveryPair() throws {
        let names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
        var counts = (0..<10).map { row in (0..<10).map { $0 == row ? 900 : (row * 7 + $0) % 23 } }
        counts[3] = Array(repeating: 0, count: 10)
        let document = try parseSVG(ConfusionMatrix(classNames: names, counts: counts).svg())
        let cells = try elements(document, "rect", class: "cell")
        #expect(cells.count == 100)
        #expect(try elements(document, "text", class: "count").map(\.stringValue) == counts.flatMap { $0.map(String.init) })
        #expect(try elements(document, "text", class: "row-label").map(\.stringValue) == names)
        #expect(try elements(document, "text", class: "column-label").map(\.stringValue) == names)
        #expect(try elements(document, "text", class: "recall").count == 10)
        // Diagonal cells are darkest, rare confusions tinted, and a row with no samples stays white.
        func brightness(_ cell: XMLElement) -> Int {
            let hex = Array((cell.string("fill") ?? "#000000").dropFirst())
            return stride(from: 0, to: 6, by: 2).reduce(0) { $0 + Int(String(hex[$1..<($1 + 2)]), radix: 16)! }
        }
        #expect(brightness(cells[0]) < 200)
        #expect(brightness(cells[0]) < brightness(cells[1]) && brightness(cells[1]) < brightness(cells[30]))
        #expect(cells[30].string("fill") == "#f7fbff")
        // Cells tile a square without overlap.
        let xs = Set(cells.compactMap { $0.number("x") }), ys = Set(cells.compactMap { $0.number("y") })
        #expect(xs.count == 10 && ys.count == 10)
    }

    @Test func heatmapEscapesClassNames() throws {
        let document = try parseSVG(ConfusionMatrix(classNames: ["<a>", "b&c"], counts: [[1, 0], [0, 1]]).svg(title: "T & \"q\""))
        #expect(try elements(document, "text", class: "row-label").map(\.stringValue) == ["<a>", "b&c"])
        #expect(try elements(document, "text", class: "title").first?.stringValue == "T & \"q\"")
    }
}
