import Testing
import AdjointReference
import AdjointChecks

/// Whole networks: the training loss of AdjointNN's models against the reference networks
/// holding the same parameters, every parameter's gradient checked three ways
/// (`ThreeWayChecks.networks()`).
@Suite struct ThreeWayNetworkTests {
    @Test(arguments: [0.0, 0.7])
    func twoLayerNet(reg: Double) {
        expectPasses(ThreeWayChecks.twoLayerNet(reg: reg))
    }

    struct FCConfig: Sendable, CustomStringConvertible {
        let keep: Double, reg: Double, batchnorm: Bool
        var description: String { "keep \(keep), reg \(reg), batchnorm \(batchnorm)" }
    }

    static let fcConfigs = [false, true].flatMap { batchnorm in
        [0.0, 3.14].flatMap { reg in [0.0, 0.25, 0.5].map { FCConfig(keep: $0, reg: reg, batchnorm: batchnorm) } }
    }

    /// The SPEC's 3-layer net in all twelve variants. With dropout the losses of tape and
    /// reference agree only if both drew the same masks (`seed &+ i` for hidden layer i).
    @Test(arguments: fcConfigs)
    func fullyConnectedNet(_ config: FCConfig) {
        let check = ThreeWayChecks.fullyConnectedNet(keepProbability: config.keep, reg: config.reg,
                                                     batchnorm: config.batchnorm)
        let rows = expectPasses(check)
        #expect(rows.map(\.tensor) == ["loss", "W1", "b1"] + (config.batchnorm ? ["gamma1", "beta1"] : [])
                + ["W2", "b2"] + (config.batchnorm ? ["gamma2", "beta2"] : []) + ["W3", "b3"])
    }

    /// The masks matter: with the same parameters (the weights come from the same seed) the
    /// dropout variants' losses differ from the variant without dropout.
    @Test func dropoutChangesTheLoss() {
        let losses = [0.0, 0.25, 0.5].map {
            ThreeWayChecks.fullyConnectedNet(keepProbability: $0, reg: 0, batchnorm: false).evaluate().referenceOutput.scalar
        }
        print("  FC losses at keep 0 / 0.25 / 0.5: \(losses)")
        #expect(Set(losses).count == 3)
    }

    @Test func testCNN() {
        expectPasses(ThreeWayChecks.testCNN())
    }
}
