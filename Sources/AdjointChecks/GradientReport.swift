// The table `swift run -c release gradcheck` prints: every three-way check, one row per tensor.
import Foundation

/// The outcome of a set of `ThreeWayCheck`s as rows, with the table the `gradcheck` example
/// prints: the assignments' `W1 relative error: 1.06e-08` lines, three ways.
///
/// ```swift
/// let report = GradientReport.run()
/// report.lines.forEach { print($0) }     // ends "189 checks, max relative error 3.52e-06"
/// exit(report.passed ? 0 : 1)
/// ```
public struct GradientReport: Sendable {
    /// The bound on "tape vs reference" beyond its rounding floor (`ThreeWayCheck`): both
    /// sides compute the same formulas in float64, so they differ by rounding only.
    public static let agreement = 1e-12

    /// One checked tensor of one case.
    public struct Row: Sendable {
        /// The case, `"FC keep 0.5 reg 3.14 bn"`.
        public let check: String
        /// The tensor: a parameter (`W1`, `conv_w`), an input (`x`), or `out` / `loss` for the
        /// forward output, which has no numerical columns.
        public let tensor: String
        public let threshold: Double
        /// The tape's values (output or gradient) against the reference's.
        public let tapeVsReference: GradientComparison
        /// Each side's gradient against the numerical gradient of its own forward; nil for the output.
        public let tapeVsNumerical: GradientComparison?
        public let referenceVsNumerical: GradientComparison?

        public init(check: String, tensor: String, threshold: Double, tapeVsReference: GradientComparison,
                    tapeVsNumerical: GradientComparison? = nil, referenceVsNumerical: GradientComparison? = nil) {
            (self.check, self.tensor, self.threshold) = (check, tensor, threshold)
            self.tapeVsReference = tapeVsReference
            (self.tapeVsNumerical, self.referenceVsNumerical) = (tapeVsNumerical, referenceVsNumerical)
        }

        /// `check tensor`, as the table prints it.
        public var name: String { "\(check) \(tensor)" }

        /// The largest of the three errors beyond rounding noise.
        public var error: Double {
            max(tapeVsReference.beyondNoise, tapeVsNumerical?.beyondNoise ?? 0, referenceVsNumerical?.beyondNoise ?? 0)
        }

        /// Whether, beyond rounding noise, tape and reference agree to `GradientReport.agreement`
        /// and both are within `threshold` of their numerical gradients.
        public var passed: Bool {
            tapeVsReference.beyondNoise < GradientReport.agreement
                && (tapeVsNumerical?.beyondNoise ?? 0) < threshold
                && (referenceVsNumerical?.beyondNoise ?? 0) < threshold
        }
    }

    public let rows: [Row]

    public init(rows: [Row]) { self.rows = rows }

    /// Runs `checks` (every case of `ThreeWayChecks.all` by default); see
    /// `ThreeWayCheck.run(maxNumericalEntries:)` for the cap.
    public static func run(_ checks: [ThreeWayCheck] = ThreeWayChecks.all(), maxNumericalEntries: Int? = nil) -> GradientReport {
        GradientReport(rows: checks.flatMap { $0.run(maxNumericalEntries: maxNumericalEntries) })
    }

    public var passed: Bool { rows.allSatisfy(\.passed) }
    /// The largest `Row.error`.
    public var maxError: Double { rows.map(\.error).max() ?? 0 }

    /// `N checks, max relative error X`: the table's last line.
    public var summary: String { "\(rows.count) checks, max relative error \(String(format: "%.2e", maxError))" }

    /// What the columns mean, the table, and `summary` last.
    public var lines: [String] { Self.explanation + table + [summary] }

    /// How to read the table.
    public static let explanation = [
        "Three-way gradient check in float64: the tape (AdjointNN) against the hand-written reference (AdjointReference),",
        "and each against the centred-difference gradient of its own forward (h = 1e-5). One row per tensor; out/loss rows",
        "compare the forward outputs. Each column is the SPEC's relative error max |a - b| / max(1e-8, |a| + |b|) after taking",
        "off rounding noise from every |a - b| (in parentheses: without): below 16 eps max(1, |loss|) / h absolute for the",
        "numerical columns (7e-10 for a loss of order 1), and below 1e-13 times the check's largest gradient for tape vs ref.",
        "Inputs on a kink (ReLU at exactly 0, tied maxima) are left out of the numerical columns. A row passes if tape vs ref",
        "is below " + String(format: "%.0e", agreement)
            + " and both numerical columns are below the threshold; the last line's maximum is over all three columns.",
    ]

    /// The column headings and one line per row.
    public var table: [String] {
        let width = (rows.map(\.name.count).max() ?? 0) + 2
        let columns = ["tape vs ref (raw)", "tape vs num (raw)", "ref vs num (raw)"]
        let header = ["check".padding(toLength: width, withPad: " ", startingAt: 0)]
            + columns.map { $0.padding(toLength: 21, withPad: " ", startingAt: 0) } + ["threshold", "ok"]
        return [header.joined(separator: " ")] + rows.map { row in
            ([row.name.padding(toLength: width, withPad: " ", startingAt: 0)]
                + [row.tapeVsReference, row.tapeVsNumerical, row.referenceVsNumerical].map(Self.format)
                + [String(format: "%.0e", row.threshold).padding(toLength: 9, withPad: " ", startingAt: 0),
                   row.passed ? "ok" : "FAIL"]).joined(separator: " ")
        }
    }

    /// `1.23e-09 (4.56e-07)`: beyond noise, then raw; `-` for no comparison.
    private static func format(_ comparison: GradientComparison?) -> String {
        let text = comparison.map { String(format: "%.2e (%.2e)", $0.beyondNoise, $0.relativeError) } ?? "-"
        return text.padding(toLength: 21, withPad: " ", startingAt: 0)
    }
}
