import Testing
@testable import Adjoint

// User-defined primitives: one node on the tape with the user's forward and pullback, checked
// against centred differences, differentiated twice, and a wrong pullback caught by gradcheck.

@Suite struct CustomPrimitiveTests {
    /// log Σ exp x along the last axis, kept as size 1, shifted by the maximum; its pullback
    /// is written with `Variable` operations, so it is differentiable again.
    static let logSumExp = CustomPrimitive<Double>("logSumExp", forward: logSumExpValue, pullback: { x, z, g in
        [g * (x[0] - z).exp()]
    })

    @Sendable static func logSumExpValue(_ x: [T]) -> T {
        let m = x[0].max(alongAxes: [-1], keepingDimensions: true)
        return (x[0] - m).exp().sum(alongAxes: [-1], keepingDimensions: true).log() + m
    }

    /// `x ⊙ y` with its pullback returning each gradient in the broadcast shape.
    static let product = CustomPrimitive<Double>("product", forward: { $0[0] * $0[1] },
                                                 pullback: { v, _, g in [g * v[1], g * v[0]] })

    @Test func recordsOneNodeNamedAsGiven() {
        let x = V(random([3, 4], seed: 300))
        let y = Self.logSumExp(x)
        #expect(y.shape == [3, 1])
        #expect(y.primitive == Self.logSumExp.primitive && y.primitive!.isCustom)
        #expect(y.primitiveName == "logSumExp")
        #expect(y.inputs.count == 1 && y.inputs[0] === x)
        #expect(!Primitive.builtIn.contains(Self.logSumExp.primitive))
        let composed = (x.value - x.value.max(alongAxes: [-1], keepingDimensions: true)).exp()
        expectClose(y.value, composed.sum(alongAxes: [-1], keepingDimensions: true).log()
                        + x.value.max(alongAxes: [-1], keepingDimensions: true))
    }

    @Test func gradientMatchesFiniteDifferences() {
        expectGradcheck("logSumExp", { Self.logSumExp($0[0]) }, at: [random([3, 5], seed: 301, low: -3, high: 3)])
        // Two inputs, one broadcast: the backward pass sums its gradient back to (1, 4).
        expectGradcheck("product", { Self.product($0[0], $0[1]) }, at: [random([3, 4], seed: 302), random([1, 4], seed: 303)])
    }

    @Test func largeInputsStayFinite() {
        let x = V(T([1000, 1000, 999], shape: [1, 3]))
        let y = Self.logSumExp(x)
        y.backward()
        #expect(y.value.scalars[0].isFinite && x.grad!.scalars.allSatisfy(\.isFinite))
        expectClose(x.grad!.sum(), T(1))
    }

    @Test func secondDerivativesMatchFiniteDifferences() {
        // Σ logSumExp(x): its Hessian-vector product from the recorded pullback, against
        // differences of the (first-order) gradient.
        let f: (V) -> V = { Self.logSumExp($0).sum() }
        let x = random([2, 4], seed: 304, low: -2, high: 2), v = random([2, 4], seed: 305)
        let (g, hv) = HigherOrderTests.hvp(f, at: x, direction: v)
        #expect(g.requiresGrad)
        let error = relativeError(hv, HigherOrderTests.finiteDifferenceHVP(f, at: x, direction: v))
        print("HVP logSumExp: relative error \(error)")
        #expect(error < 1e-7)
    }

    @Test func keepsEveryValueItsPullbackMayRead() {
        // Built one statement at a time: a debug build keeps a statement's temporaries alive.
        let w = V(random([2, 3], seed: 307))
        var h = Self.product(w * 2, w + 1)   // inputs held by the product alone
        h = h * 1                             // recording this frees unread values behind it
        let loss = h.sum()
        let node = loss.inputs[0].inputs[0]
        #expect(node.primitiveName == "product")
        #expect(!node.valueIsFreed && node.inputs.allSatisfy { !$0.valueIsFreed })
        loss.backward()
        expectClose(w.grad!, 2 * (w.value + 1) + 2 * w.value)
    }

    @Test func reportsAndExportsNameIt() throws {
        let x = V(random([2, 3], seed: 308))
        let loss = Self.logSumExp(x).sum()
        #expect(loss.memoryReport().rows.contains { $0.primitiveName == "logSumExp" })
        #expect(loss.dot().contains("label=\"logSumExp\\n[2, 1]\""))
        let log = CustomPrimitive<Double>("customLog", forward: { $0[0].log() }, pullback: { x, _, g in [g / x[0]] })
        var caught: AnomalyError?
        do {
            try withAnomalyDetection { _ = log(x) }
        } catch let error as AnomalyError {
            caught = error
        }
        #expect(caught?.primitive == log.primitive)
        #expect(caught?.description.contains("`customLog` of [2, 3] gave NaN in the forward pass") == true)
    }

    @Test func aWrongPullbackFailsGradcheck() {
        let wrong = CustomPrimitive<Double>("wrongLogSumExp", forward: Self.logSumExpValue,
                                            pullback: { x, z, g in [g * (x[0] - z).exp() * 2] })
        let result = gradcheck({ wrong($0) }, at: random([3, 5], seed: 306))
        #expect(result.maxError > 0.1)
    }

    @Test func aPullbackReturningTheWrongShapeStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let bad = CustomPrimitive<Double>("badShape", forward: { $0[0] * 2 },
                                              pullback: { x, _, g in [g.reshaped([6])] })
            bad(V(T.ones([2, 3]))).sum().backward()
        }
        expectStandardError(of: result, contains: [
            "backward: the pullback of `badShape` returned a gradient of shape [6] for input 0 of shape [2, 3]",
        ])
    }

    @Test func aPullbackReturningTooFewGradientsStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let bad = CustomPrimitive<Double>("tooFew", forward: { $0[0] + $0[1] }, pullback: { _, _, g in [g] })
            bad(V(T.ones([2])), V(T.ones([2]))).sum().backward()
        }
        expectStandardError(of: result, contains: ["tooFew: the pullback returned 1 gradients for 2 inputs"])
    }
}
