import Foundation
import FoundationXML
import Testing
@testable import AdjointTraining

@Suite struct AxisScaleTests {
    @Test func roundBoundsAndSteps() {
        let scale = AxisScale(covering: 0.07...2.31)
        #expect(scale.ticks == [0, 0.5, 1, 1.5, 2, 2.5])
        #expect(scale.ticks.map(scale.label) == ["0.0", "0.5", "1.0", "1.5", "2.0", "2.5"])
    }

    @Test func smallStepsGetEnoughDecimals() {
        let scale = AxisScale(covering: 0.412...0.587)
        #expect(scale.step == 0.05)
        #expect(scale.label(0.45) == "0.45")
    }

    @Test func integerStepsForEpochs() {
        let scale = AxisScale(covering: 1...3, targetTicks: 7, integerSteps: true)
        #expect(scale.step == 1)
        #expect(scale.ticks.map(scale.label) == ["1", "2", "3"])
    }

    @Test func thousandsAndNegativeLabels() {
        let iterations = AxisScale(covering: 1...20_000, targetTicks: 7, integerSteps: true)
        #expect(iterations.ticks.map(iterations.label) == ["0", "5k", "10k", "15k", "20k"])
        let signed = AxisScale(covering: -1...1)
        #expect(signed.label(-1) == "\u{2212}1.0")
        #expect(signed.label(-1e-17) == "0.0")
    }

    @Test func flatAndEmptyRangesStillSpanSomething() {
        let flat = AxisScale(covering: 3...3)
        #expect(flat.lower < 3 && flat.upper > 3)
        let nothing = AxisScale(covering: -.infinity...(.infinity))
        #expect(nothing.lower == 0 && nothing.upper == 1)
    }
}

@Suite struct SeriesReductionTests {
    @Test func minMaxKeepsSpikesAndBoundsTheCount() {
        var points = (0..<10_000).map { (x: Double($0), y: sin(Double($0) / 100)) }
        points[5_123].y = 50
        points[7_777].y = -50
        let reduced = minMaxDownsample(points, buckets: 300)
        #expect(reduced.count <= 600)
        #expect(reduced.contains { $0.y == 50 } && reduced.contains { $0.y == -50 })
        #expect(zip(reduced, reduced.dropFirst()).allSatisfy { $0.x < $1.x })
    }

    @Test func shortSeriesAreUntouched() {
        let points = [(x: 1.0, y: 2.0), (x: 2, y: 3)]
        #expect(minMaxDownsample(points, buckets: 300).map(\.y) == [2, 3])
    }

    @Test func evenlySpacedKeepsBothEnds() {
        let points = (0..<1000).map { (x: Double($0), y: 0.0) }
        let picked = evenlySpaced(points, count: 7)
        #expect(picked.map(\.x) == [0, 166, 333, 499, 666, 832, 999])
    }

    @Test func movingAverageShrinksAtTheEnds() {
        #expect(movingAverage([1, 2, 3, 4, 5], window: 3) == [1.5, 2, 3, 4, 4.5])
        #expect(movingAverage([1, 2, 3], window: 1) == [1, 2, 3])
    }

    @Test func svgNumbersAreShort() {
        #expect(px(3) == "3")
        #expect(px(2.5) == "2.5")
        #expect(px(0.05) == "0.05")
        #expect(px(-12.344) == "-12.34")
        #expect(px(-0.001) == "0")
        #expect(px(.nan) == "0")
    }
}

@Suite struct LineChartTests {
    func plotBox(_ document: XMLDocument) throws -> (x: Double, y: Double, width: Double, height: Double) {
        let clip = try #require(try document.nodes(forXPath: "//*[local-name()='clipPath']/*[local-name()='rect']").first as? XMLElement)
        return (try #require(clip.number("x")), try #require(clip.number("y")),
                try #require(clip.number("width")), try #require(clip.number("height")))
    }

    @Test func longNoisyLossIsSmoothedAndDownsampled() throws {
        var rng = SeededGenerator(seed: 1)
        let loss = (0..<50_000).map { i in 2.3 * exp(-Double(i) / 8000) + 0.2 * rng.nextUniform() }
        let svg = LineChart(title: "Loss", xLabel: "iteration", yLabel: "loss",
                            series: [ChartSeries("loss", values: loss, smoothing: .automatic)]).svg()
        let document = try parseSVG(svg)
        let raw = try #require(try elements(document, "polyline", class: "raw").first)
        let line = try #require(try elements(document, "polyline", class: "line").first)
        let box = try plotBox(document)
        for polyline in [raw, line] {
            let points = polylinePoints(polyline)
            #expect(points.count > 100 && points.count <= 2 * Int(box.width.rounded()) + 20)
            #expect(points.allSatisfy { $0.0 >= box.x && $0.0 <= box.x + box.width && $0.1 >= box.y && $0.1 <= box.y + box.height })
        }
        // The smoothed line is much calmer than the raw band: its vertical travel is shorter.
        func travel(_ points: [(Double, Double)]) -> Double {
            zip(points, points.dropFirst()).reduce(0) { total, pair in total + abs(pair.1.1 - pair.0.1) }
        }
        #expect(travel(polylinePoints(line)) * 5 < travel(polylinePoints(raw)))
        #expect(try elements(document, "circle", class: "marker").isEmpty)
        #expect(svg.utf8.count < 100_000)
        #expect(try elements(document, "text", class: "title").first?.stringValue == "Loss")
        #expect(try elements(document, "text", class: "legend").map(\.stringValue) == ["loss"])
        #expect(try elements(document, "text", class: "tick").contains { $0.stringValue == "50k" })
    }

    @Test func epochSeriesGetMarkersAndALegendEntryEach() throws {
        let svg = LineChart(title: "Accuracy", xLabel: "epoch", yLabel: "accuracy", series: [
            ChartSeries("train", values: (1...10).map { 0.5 + Double($0) * 0.04 }),
            ChartSeries("validation", values: (1...10).map { 0.45 + Double($0) * 0.035 }),
        ]).svg()
        let document = try parseSVG(svg)
        #expect(try elements(document, "circle", class: "marker").count == 20)
        #expect(try elements(document, "text", class: "legend").map(\.stringValue) == ["train", "validation"])
        let swatches = try elements(document, "line", class: "legend-swatch").map { $0.string("stroke") }
        #expect(swatches == [ChartStyle.palette[0], ChartStyle.palette[1]])
        let ticks = try elements(document, "text", class: "tick").compactMap(\.stringValue)
        #expect(ticks.allSatisfy { !$0.isEmpty })
        #expect(!ticks.contains("2.5"))
        let labels = try elements(document, "text", class: "axis-label").compactMap(\.stringValue)
        #expect(labels == ["epoch", "accuracy"])
    }

    @Test func markersSitAtTheirValues() throws {
        let document = try parseSVG(LineChart(title: "t", series: [ChartSeries("s", x: [0, 10], y: [0, 1])], yRange: 0...1).svg())
        let box = try LineChartTests().plotBox(document)
        let markers = try elements(document, "circle", class: "marker")
        // The clip box has 5 px of slack on every side of the plot area.
        #expect(abs(markers[0].number("cx")! - (box.x + 5)) < 0.02)
        #expect(abs(markers[0].number("cy")! - (box.y + box.height - 5)) < 0.02)
        #expect(abs(markers[1].number("cx")! - (box.x + box.width - 5)) < 0.02)
        #expect(abs(markers[1].number("cy")! - (box.y + 5)) < 0.02)
    }

    @Test func nonFiniteValuesAreSkipped() throws {
        let document = try parseSVG(LineChart(title: "diverged", series: [
            ChartSeries("loss", values: [2, .nan, 1.5, .infinity]),
        ]).svg())
        #expect(try elements(document, "circle", class: "marker").count == 2)
    }

    @Test func labelsAreEscaped() throws {
        let title = "a < b & \"c\" 'd' \u{1}"
        let document = try parseSVG(LineChart(title: title, xLabel: "x>0", series: [
            ChartSeries("<script>", values: [1, 2]),
        ]).svg())
        #expect(try elements(document, "text", class: "title").first?.stringValue == "a < b & \"c\" 'd' ")
        #expect(try elements(document, "title").first?.stringValue == "a < b & \"c\" 'd' ")
        #expect(try elements(document, "text", class: "legend").first?.stringValue == "<script>")
        #expect(try elements(document, "text", class: "axis-label").first?.stringValue == "x>0")
    }

    @Test func emptyChartIsStillAValidDocument() throws {
        let document = try parseSVG(LineChart(title: "nothing yet", series: []).svg())
        #expect(try elements(document, "polyline").isEmpty)
        #expect(try !elements(document, "text", class: "tick").isEmpty)
    }
}
