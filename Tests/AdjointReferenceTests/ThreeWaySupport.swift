import Testing
import AdjointReference
import AdjointChecks

/// How many entries of each tensor the numerical columns check in the tests (a seeded sample
/// when a tensor has more): debug builds run the forward passes about a hundred times slower
/// than release, where `swift run -c release gradcheck` checks every entry.
let numericalSample = 12

/// Prints each row as the `gradcheck` table does (every comparison beyond rounding noise and
/// raw), and expects each comparison within its bound.
func expectPasses(_ rows: [GradientReport.Row], sourceLocation: SourceLocation = #_sourceLocation) {
    GradientReport(rows: rows).table.dropFirst().forEach { print("  " + $0) }
    for row in rows {
        #expect(row.tapeVsReference.beyondNoise < GradientReport.agreement,
                "\(row.name): tape vs reference \(row.tapeVsReference)", sourceLocation: sourceLocation)
        for (side, comparison) in [("tape", row.tapeVsNumerical), ("reference", row.referenceVsNumerical)] {
            guard let comparison else { continue }
            #expect(comparison.beyondNoise < row.threshold, "\(row.name): \(side) vs numerical \(comparison)",
                    sourceLocation: sourceLocation)
        }
    }
}

/// Runs `check` on `numericalSample` entries per tensor and expects every row to pass.
@discardableResult
func expectPasses(_ check: ThreeWayCheck, sourceLocation: SourceLocation = #_sourceLocation) -> [GradientReport.Row] {
    let rows = check.run(maxNumericalEntries: numericalSample)
    expectPasses(rows, sourceLocation: sourceLocation)
    return rows
}
