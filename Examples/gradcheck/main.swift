// Every layer, loss and network checked three ways (tape, hand-written reference, numerical
// gradient) in float64: one table row per tensor, exit status 1 if any row fails.
//
//     swift run -c release gradcheck
import Foundation
import AdjointChecks

let report = GradientReport.run()
report.lines.forEach { print($0) }
exit(report.passed ? 0 : 1)
