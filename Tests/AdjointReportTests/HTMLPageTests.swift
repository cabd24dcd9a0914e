import Foundation
import Testing
import AdjointCommandLine

@Suite struct HTMLPageTests {
    @Test func figuresKeepTheirOwnIds() {
        var page = HTMLPage(title: "two charts")
        let chart = LineChart(title: "c", series: [ChartSeries("s", values: [1, 2, 3])]).svg()
        #expect(chart.contains("id=\"plot-area\""))
        page.figure(chart)
        page.figure(chart)
        let html = page.document()
        #expect(html.contains("id=\"f1-plot-area\"") && html.contains("url(#f1-plot-area)"))
        #expect(html.contains("id=\"f2-plot-area\"") && html.contains("url(#f2-plot-area)"))
        #expect(!html.contains("id=\"plot-area\"") && !html.contains("<?xml"))
    }

    @Test func textIsEscapedAndNumbersAligned() {
        var page = HTMLPage(title: "a < b")
        page.heading("x & y")
        page.table(header: ["k", "v"], rows: [["<script>", "0.93"], ["n", "93.1 %"]])
        let html = page.document()
        #expect(html.contains("<title>a &lt; b</title>") && html.contains("<h2>x &amp; y</h2>"))
        #expect(html.contains("<td>&lt;script&gt;</td>") && !html.contains("<script>"))
        #expect(html.contains("<td class=\"num\">0.93</td>") && html.contains("<td class=\"num\">93.1 %</td>"))
    }

    @Test func runPageIsSelfContainedAndShowsEveryPart() throws {
        let folder = try temporaryFolder("page")
        let report = fullReport()
        let written = try report.write(to: folder)
        #expect(written.map(\.lastPathComponent).contains("index.html"))
        let html = try String(contentsOf: folder.appending(path: "index.html"), encoding: .utf8)
        #expect(html == report.html())
        // No scripts, no stylesheets or images from elsewhere: the only URL is SVG's namespace.
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("src="))
        #expect(html.replacing("http://www.w3.org/2000/svg", with: "").contains("http") == false)
        #expect(html.contains("<meta name=\"viewport\""))
        for part in ["What ran", "train --model cnn --epochs 3", "100 train / 10 validation / 25 test", "TwoLayerNet&lt;Float&gt;: 323 trainable parameters",
                     "Loss per step", "Accuracy per epoch", "Confusion matrix", "precision", "recall",
                     "Misclassified test images", "First-layer filters", "Final metrics", "demo &lt;run&gt;"] {
            #expect(html.contains(part), "missing \(part)")
        }
        #expect(html.components(separatedBy: "<svg").count - 1 == 5)
        // Per-class precision of class a: 5 of the 7 predicted as a.
        #expect(html.contains("<td class=\"num\">0.714</td>"))
    }

    @Test func metricsOnThePageMatchMetricsJSON() throws {
        let folder = try temporaryFolder("metrics")
        var report = fullReport()
        report.metrics = ["test_accuracy": 0.9123456789, "train_seconds": 1234.5, "val_accuracy": 1.0 / 3]
        try report.write(to: folder)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appending(path: "metrics.json"))) as! [String: Any]
        let metrics = json["metrics"] as! [String: Double]
        let html = report.html()
        for (key, value) in metrics {
            let cell = "<td>\(key)</td><td class=\"num\">\(JSONText.number(value).rendered())</td>"
            #expect(html.contains(cell), "\(key)")
            #expect(Double(JSONText.number(value).rendered()) == value)
        }
    }

    @Test func modelSummaryCountsEveryParameter() {
        let cnn = SmallConvolutionalNetwork<Float>(height: 8, width: 8, channels: 1, classes: 3, filters: (2, 3),
                                                  hiddenSize: 5, batchNorm: true)
        let summary = ModelSummary(cnn)
        #expect(summary.total == cnn.parameterCount)
        #expect(summary.rows.map(\.layer) == ["conv1", "conv2", "fc1", "fc2", "bn1", "bn2"])
        #expect(summary.rows[0].tensors == ["weight 3x3x1x2", "bias 2"] && summary.rows[0].count == 20)
    }

    @Test func misclassifiedGridCaptionsTrueAndPredicted() throws {
        let data = tinyImages(count: 9)
        let predictions = data.labels.enumerated().map { $0.offset == 4 ? ($0.element + 1) % 3 : $0.element }
        let grid = try #require(ImageGrid.misclassified(in: data, predictions: predictions))
        #expect(grid.labels == ["b -> c"])
        #expect(ImageGrid.misclassified(in: data, predictions: data.labels) == nil)
        #expect(ImageGrid.misclassified(in: data, predictions: Array(repeating: 0, count: 9), limit: 2)?.labels?.count == 2)
    }
}
