// The table `swift run -c release gradcheck` prints: every three-way check, one row per tensor.
import Foundation

/// The outcome of a set of `ThreeWayCheck`s as rows, with the table the `gradcheck` example
/// prints: the assignments' `W1 relative error: 1.06e-08` lines (raw, tape and reference
/// against the numerical gradient, and tape against reference), with the noise-aware verdict
/// and the noise bound it used beside them.
///
/// ```swift
/// let report = GradientReport.run()
/// report.lines.forEach { print($0) }     // ends "197 checks, max relative error 3.52e-06"
/// exit(report.passed ? 0 : 1)
/// ```
public struct GradientReport: Sendable {
    /// The bound on "tape vs reference" beyond its rounding floor (`ThreeWayCheck`): both
    /// sides compute the same formulas in float64, so they differ by rounding only.
    ///
    /// ```swift
    /// let agrees = row.tapeVsReference.beyondNoise < GradientReport.agreement
    /// ```
    public static let agreement = 1e-12

    /// One checked tensor of one case.
    ///
    /// ```swift
    /// for row in report.rows where !row.passed { print(row.name, row.error) }
    /// ```
    public struct Row: Sendable {
        /// The case, `"FC keep 0.5 reg 3.14 bn"`.
        public let check: String
        /// The tensor: a parameter (`W1`, `conv_w`), an input (`x`), or `out` / `loss` for the
        /// forward output, which has no numerical columns.
        public let tensor: String
        /// The bound on the two numerical columns: the check's `ThreeWayCheck.threshold`.
        public let threshold: Double
        /// The tape's values (output or gradient) against the reference's.
        public let tapeVsReference: GradientComparison
        /// Each side's gradient against the numerical gradient of its own forward; nil for the output.
        public let tapeVsNumerical: GradientComparison?
        /// The reference's gradient against the numerical gradient of the reference's own forward; nil
        /// for the output.
        public let referenceVsNumerical: GradientComparison?

        /// A row from its comparisons; the output row leaves the two numerical ones nil.
        ///
        /// ```swift
        /// let row = GradientReport.Row(check: "relu", tensor: "out", threshold: 1e-7,
        ///                              tapeVsReference: GradientComparison(tape.scalars, reference.scalars, noise: 0))
        /// ```
        public init(check: String, tensor: String, threshold: Double, tapeVsReference: GradientComparison,
                    tapeVsNumerical: GradientComparison? = nil, referenceVsNumerical: GradientComparison? = nil) {
            (self.check, self.tensor, self.threshold) = (check, tensor, threshold)
            self.tapeVsReference = tapeVsReference
            (self.tapeVsNumerical, self.referenceVsNumerical) = (tapeVsNumerical, referenceVsNumerical)
        }

        /// `check tensor`, as the table prints it.
        public var name: String { "\(check) \(tensor)" }

        /// The largest of the three errors beyond rounding noise.
        ///
        /// ```swift
        /// let worst = report.rows.map(\.error).max() ?? 0
        /// ```
        public var error: Double {
            max(tapeVsReference.beyondNoise, tapeVsNumerical?.beyondNoise ?? 0, referenceVsNumerical?.beyondNoise ?? 0)
        }

        /// Whether, beyond rounding noise, tape and reference agree to `GradientReport.agreement`
        /// and both are within `threshold` of their numerical gradients.
        ///
        /// ```swift
        /// let failing = report.rows.filter { !$0.passed }.map(\.name)
        /// ```
        public var passed: Bool {
            tapeVsReference.beyondNoise < GradientReport.agreement
                && (tapeVsNumerical?.beyondNoise ?? 0) < threshold
                && (referenceVsNumerical?.beyondNoise ?? 0) < threshold
        }
    }

    /// The rows in the order the checks ran: each check's output row, then one per tensor.
    ///
    /// ```swift
    /// for row in report.rows { print(row.name, row.passed) }
    /// ```
    public let rows: [Row]

    /// A report of rows already computed, for example by `ThreeWayCheck.run(maxNumericalEntries:)`.
    ///
    /// ```swift
    /// let report = GradientReport(rows: ThreeWayChecks.gelu().run())
    /// ```
    public init(rows: [Row]) { self.rows = rows }

    /// Runs `checks` (every case of `ThreeWayChecks.all` by default); see
    /// `ThreeWayCheck.run(maxNumericalEntries:)` for the cap.
    ///
    /// ```swift
    /// let report = GradientReport.run([ThreeWayChecks.linear()], maxNumericalEntries: 6)
    /// ```
    public static func run(_ checks: [ThreeWayCheck] = ThreeWayChecks.all(), maxNumericalEntries: Int? = nil) -> GradientReport {
        GradientReport(rows: checks.flatMap { $0.run(maxNumericalEntries: maxNumericalEntries) })
    }

    /// Whether every row passed.
    ///
    /// ```swift
    /// exit(report.passed ? 0 : 1)
    /// ```
    public var passed: Bool { rows.allSatisfy(\.passed) }
    /// The largest `Row.error`.
    public var maxError: Double { rows.map(\.error).max() ?? 0 }

    /// `N checks, max relative error X`: the table's last line.
    public var summary: String { "\(rows.count) checks, max relative error \(String(format: "%.2e", maxError))" }

    /// What the columns mean, the table, and `summary` last.
    ///
    /// ```swift
    /// report.lines.forEach { print($0) }
    /// ```
    public var lines: [String] { Self.explanation + table + [summary] }

    /// How to read the table.
    ///
    /// ```swift
    /// GradientReport.explanation.forEach { print($0) }
    /// ```
    public static let explanation = [
        "Three-way gradient check in float64: the tape (AdjointNN) against the hand-written reference (AdjointReference),",
        "and each against the centred-difference gradient of its own forward (h = 1e-5). One row per tensor, in the",
        "assignments' form: \"W1 relative error\" is max |a - n| / max(1e-8, |a| + |n|) of the tape's gradient a against the",
        "numerical n, then the reference's, then tape vs reference; out/loss rows compare the forward outputs.",
        "Verdict: the same errors after taking off the rounding noise a centred difference cannot resolve (the noise bound,",
        "16 eps max(1, |loss|) / h absolute per entry; 1e-13 times the largest gradient for tape vs ref). A row passes if,",
        "beyond noise, tape vs ref is below " + String(format: "%.0e", agreement)
            + " and both numerical errors are below the threshold. Inputs on a kink (ReLU at 0, tied maxima) are left out.",
    ]

    /// The column headings and one line per row: the raw relative errors first, the verdict beside them.
    ///
    /// ```swift
    /// GradientReport(rows: rows).table.dropFirst().forEach { print("  " + $0) }   // rows without the header
    /// ```
    public var table: [String] {
        let width = (rows.map(\.name.count).max() ?? 0) + 1
        let header = "tensor".padding(toLength: width + 17, withPad: " ", startingAt: 0)
            + "tape vs num  ref vs num  tape vs ref | noise bound  beyond noise  threshold  verdict"
        return [header] + rows.map { row in
            let numerical = row.tapeVsNumerical != nil
            let label = (row.name + (numerical ? " relative error:" : " tape vs ref:")).padding(toLength: width + 17, withPad: " ", startingAt: 0)
            let errors = [row.tapeVsNumerical?.relativeError, row.referenceVsNumerical?.relativeError, row.tapeVsReference.relativeError]
                .map { $0.map { String(format: "%.2e", $0) } ?? "-" }
            let bound = row.tapeVsNumerical?.noise ?? row.tapeVsReference.noise
            return label + errors.map { $0.padding(toLength: 12, withPad: " ", startingAt: 0) }.joined()
                + "| " + String(format: "%.1e", bound).padding(toLength: 13, withPad: " ", startingAt: 0)
                + String(format: "%.2e", row.error).padding(toLength: 14, withPad: " ", startingAt: 0)
                + String(format: "%.0e", row.threshold).padding(toLength: 11, withPad: " ", startingAt: 0)
                + (row.passed ? "ok" : "FAIL")
        }
    }
}
