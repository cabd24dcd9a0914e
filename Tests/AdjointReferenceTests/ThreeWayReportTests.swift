import Foundation
import Testing
import AdjointReference
import AdjointChecks

/// The report the `gradcheck` example prints, run as a function. The suites of each group
/// check the same cases on `numericalSample` entries per tensor; this one samples 4, enough to
/// see every row assembled and passing at a third of the cost.
@Suite struct ThreeWayReportTests {
    @Test func everyRowPasses() {
        let start = Date()
        let report = GradientReport.run(maxNumericalEntries: 4)
        print("  report: \(Date().timeIntervalSince(start)) s")
        // Per check an output row plus one per tensor: layers 38 (spatial batchnorm 2 x 4), losses 12, convolution 16,
        // pooling 8, TwoLayerNet 2 x 5, FC 6 x 7 + 6 x 11, TestCNN 5.
        #expect(report.rows.count == 38 + 12 + 16 + 8 + 10 + 42 + 66 + 5)
        #expect(report.passed, "failing: \(report.rows.filter { !$0.passed }.map(\.name))")
        #expect(report.lines.last == report.summary)
        #expect(report.summary.wholeMatch(of: /\d+ checks, max relative error \d\.\d\de[-+]\d\d/) != nil)
        print("  " + report.summary)
    }
}
