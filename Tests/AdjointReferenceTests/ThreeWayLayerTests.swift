import Testing
import AdjointReference
import AdjointChecks

/// The layers and sandwich blocks: AdjointNN's modules against the reference's forward/backward
/// pairs and both against numerical gradients (`ThreeWayChecks.layers()`).
@Suite struct ThreeWayLayerTests {
    @Test func linearOnAnImageShapedInput() {
        let check = ThreeWayChecks.linear()
        expectPasses(check)
        #expect(check.evaluate().tapeGradients["x"]!.shape == [10, 2, 3, 4])
    }

    /// At exactly 0 both sides return a zero gradient; the centred difference's half slope is
    /// left out of the numerical columns.
    @Test func reluIncludingExactZeros() {
        let check = ThreeWayChecks.relu()
        expectPasses(check)
        let x = check.tensors[0].variable.value.scalars, e = check.evaluate()
        let (tape, reference) = (e.tapeGradients["x"]!.scalars, e.referenceGradients["x"]!.scalars)
        for i in ThreeWayChecks.reluZeros {
            #expect(x[i] == 0 && tape[i] == 0 && reference[i] == 0)
        }
    }

    @Test func gelu() {
        expectPasses(ThreeWayChecks.gelu())
    }

    /// Equal seeds give the tape's layer and the reference the same mask: the outputs agree
    /// exactly, and the mask zeroes about the expected fraction.
    @Test(arguments: [Reference.DropoutProbability<Double>.drop(0.25), .keep(0.75)])
    func dropout(_ probability: Reference.DropoutProbability<Double>) {
        let check = ThreeWayChecks.dropout(probability)
        expectPasses(check)
        let e = check.evaluate()
        #expect(e.tapeOutput == e.referenceOutput)
        let zeroed = e.tapeOutput.scalars.filter { $0 == 0 }.count
        #expect((10...40).contains(zeroed), "\(zeroed) of 100 zeroed at rate 0.25")
    }

    @Test(arguments: [true, false])
    func batchnorm(training: Bool) {
        expectPasses(ThreeWayChecks.batchnorm(training: training))
    }

    @Test func affineRelu() {
        expectPasses(ThreeWayChecks.affineRelu())
    }

    /// The batch mean cancels the bias before batchnorm: on both sides its gradient is rounding
    /// residue, which the tape-vs-reference floor discounts.
    @Test func affineBatchnormRelu() {
        let check = ThreeWayChecks.affineBatchnormRelu()
        expectPasses(check)
        let e = check.evaluate()
        #expect(e.tapeGradients["fc_b"]!.abs().max().scalar < 1e-12)
        #expect(e.referenceGradients["fc_b"]!.abs().max().scalar < 1e-12)
    }
}
