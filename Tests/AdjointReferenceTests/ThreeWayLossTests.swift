import Testing
import AdjointNN
import AdjointReference
import AdjointChecks

/// The losses and weight penalties: AdjointNN's functions against the reference's and both
/// against numerical gradients (`ThreeWayChecks.losses()`).
@Suite struct ThreeWayLossTests {
    @Test(arguments: [Reduction.mean, .sum])
    func softmaxCrossEntropy(_ reduction: Reduction) {
        expectPasses(ThreeWayChecks.softmaxCrossEntropy(reduction))
    }

    @Test func svm() {
        expectPasses(ThreeWayChecks.svm())
    }

    @Test(arguments: [ThreeWayChecks.Penalty.l1, .l2, .halfL2])
    func penalty(_ kind: ThreeWayChecks.Penalty) {
        expectPasses(ThreeWayChecks.penalty(kind))
    }
}
