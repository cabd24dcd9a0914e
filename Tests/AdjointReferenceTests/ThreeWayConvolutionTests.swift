import Testing
import AdjointReference
import AdjointChecks

/// Convolution and max pooling: AdjointNN's `Conv2D` and `MaxPool2D` (im2col and a gather)
/// against the reference's plain loops and both against numerical gradients
/// (`ThreeWayChecks.convolution()`, `.pooling()`).
@Suite struct ThreeWayConvolutionTests {
    /// The SPEC's case: x (15, 8, 8, 3), w (4, 4, 3, 12), stride 2, pad 1 -> (15, 4, 4, 12).
    @Test func specConvolution() {
        let check = ThreeWayChecks.convolution()[0]
        expectPasses(check)
        let e = check.evaluate()
        #expect(e.tapeOutput.shape == [15, 4, 4, 12] && e.referenceOutput.shape == [15, 4, 4, 12])
        #expect(e.referenceGradients["x"]!.shape == [15, 8, 8, 3])
        #expect(e.referenceGradients["conv_w"]!.shape == [4, 4, 3, 12])
    }

    @Test func randomConvolutions() {
        for check in ThreeWayChecks.convolution().dropFirst() { expectPasses(check) }
    }

    /// Pool 4, stride 2 on (15, 8, 8, 3): overlapping windows, so an input can collect the
    /// gradients of several.
    @Test func specPooling() {
        let check = ThreeWayChecks.pooling()[0]
        expectPasses(check)
        #expect(check.evaluate().referenceOutput.shape == [15, 3, 3, 3])
    }

    @Test func randomPooling() {
        for check in ThreeWayChecks.pooling().dropFirst().dropLast() { expectPasses(check) }
    }

    /// Every window holds its maximum twice: the first tied position in row-major window order
    /// gets the whole upstream gradient, on the tape and in the reference; the other gets 0.
    @Test func tiesGoToTheFirstPositionInRowMajorOrder() throws {
        let check = ThreeWayChecks.maxPoolTies()
        expectPasses(check)
        let x = check.tensors[0].variable.value, e = check.evaluate()
        let (tape, reference, upstream) = (e.tapeGradients["x"]!, e.referenceGradients["x"]!, e.upstream)
        let (batch, size, channels) = (x.shape[0], x.shape[1], x.shape[3])
        var windows = 0
        for n in 0..<batch {
            for oy in 0..<(size / 2) {
                for ox in 0..<(size / 2) {
                    for c in 0..<channels {
                        let positions = [(0, 0), (0, 1), (1, 0), (1, 1)].map { (n, 2 * oy + $0.0, 2 * ox + $0.1, c) }
                        let top = positions.map { x[$0.0, $0.1, $0.2, $0.3] }.max()!
                        let tied = positions.filter { x[$0.0, $0.1, $0.2, $0.3] == top }
                        try #require(tied.count == 2)
                        let (first, second) = (tied[0], tied[1])
                        let dout = upstream[n, oy, ox, c]
                        #expect(tape[first.0, first.1, first.2, first.3] == dout)
                        #expect(reference[first.0, first.1, first.2, first.3] == dout)
                        #expect(tape[second.0, second.1, second.2, second.3] == 0)
                        #expect(reference[second.0, second.1, second.2, second.3] == 0)
                        windows += 1
                    }
                }
            }
        }
        #expect(windows == 24)
    }
}
