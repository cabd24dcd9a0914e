import Testing
import AdjointReference
import AdjointChecks

/// BatchNorm2D against the reference spatial batchnorm and both against numerical gradients.
@Suite struct ThreeWaySpatialBatchNormTests {
    @Test(arguments: [true, false]) func spatialBatchnorm(training: Bool) {
        let rows = expectPasses(ThreeWayChecks.spatialBatchnorm(training: training))
        #expect(rows.map(\.tensor) == ["out", "x", "bn_gamma", "bn_beta"])
        // Real gradients, not rows of zeros: the numerical comparison saw differences.
        #expect(rows.dropFirst().allSatisfy { $0.tapeVsNumerical!.relativeError > 0 })
    }

    @Test func gradcheckRunsThem() {
        let names = ThreeWayChecks.all().map(\.name)
        #expect(names.contains("spatial batchnorm train [2, 3, 4, 3]") && names.contains("spatial batchnorm eval [2, 3, 4, 3]"))
    }
}
