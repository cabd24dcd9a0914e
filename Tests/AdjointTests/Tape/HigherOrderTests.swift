import Testing
@testable import Adjoint

// Differentiating the backward pass: `createGraph: true` records it, so a second `gradients`
// gives Hessian-vector products, checked here against finite differences of the gradient.

@Suite struct HigherOrderTests {
    /// `(grad(x + h v) - grad(x - h v)) / 2h`, the gradient evaluated on fresh graphs.
    static func finiteDifferenceHVP(_ f: (V) -> V, at x: T, direction v: T, h: Double = 1e-5) -> T {
        func gradient(_ point: T) -> T {
            let variable = V(point)
            return gradients(of: f(variable), wrt: [variable])[0].value
        }
        return (gradient(x + h * v) - gradient(x - h * v)) / (2 * h)
    }

    /// `H v` by double backward.
    static func hvp(_ f: (V) -> V, at x: T, direction v: T) -> (gradient: V, hvp: T) {
        let variable = V(x)
        let g = gradients(of: f(variable), wrt: [variable], createGraph: true)[0]
        let hv = gradients(of: (g * V(constant: v)).sum(), wrt: [variable])[0]
        return (g, hv.value)
    }

    @Test func hessianVectorProductOfAnElementwiseFunction() {
        // f(x) = sum(tanh(x)^3 * x): its Hessian is diagonal, with the entries below.
        let f: (V) -> V = { x in (x.tanh().pow(3) * x).sum() }
        let x = random([5], seed: 100, low: -1.5, high: 1.5), v = random([5], seed: 101)
        let (g, hv) = Self.hvp(f, at: x, direction: v)
        #expect(g.requiresGrad)
        let t = x.tanh(), s = 1 - t * t
        let diagonal = 6 * t * t * s + 6 * t * x * s * (1 - 2 * t * t)
        expectClose(hv, diagonal * v, tolerance: 1e-13)
        let numerical = Self.finiteDifferenceHVP(f, at: x, direction: v)
        let error = relativeError(hv, numerical)
        print("HVP elementwise: relative error \(error)")
        #expect(error < 1e-7)
    }

    @Test func hessianVectorProductThroughMatmul() {
        // f(W) = sum(tanh(X W)^2) + mean(W^3): a dense Hessian.
        let data = V(constant: random([4, 3], seed: 102))
        let f: (V) -> V = { w in (data.matmul(w).tanh().squared()).sum() + w.pow(3).mean() }
        let w = random([3, 2], seed: 103), v = random([3, 2], seed: 104)
        let (_, hv) = Self.hvp(f, at: w, direction: v)
        let numerical = Self.finiteDifferenceHVP(f, at: w, direction: v)
        let error = relativeError(hv, numerical)
        print("HVP through matmul: relative error \(error)")
        #expect(error < 1e-7)
    }

    @Test func hessianVectorProductOfSoftmaxCrossEntropy() {
        let f: (V) -> V = { x in -x.logSoftmax().gathering([2, 0]).sum() + x.sigmoid().sum() }
        let x = random([2, 3], seed: 105), v = random([2, 3], seed: 106)
        let (_, hv) = Self.hvp(f, at: x, direction: v)
        let error = relativeError(hv, Self.finiteDifferenceHVP(f, at: x, direction: v))
        print("HVP softmax cross-entropy: relative error \(error)")
        #expect(error < 1e-7)
    }

    @Test func everySmoothPrimitiveDifferentiatesTwice() {
        // Each pullback must itself be built from recorded operations; a raw tensor used where
        // a variable belongs would silently drop second-order terms.
        let w = V(constant: random([3, 3], seed: 108))
        let cases: [(String, (V) -> V)] = [
            ("exp", { $0.exp() }), ("log", { ($0 * $0 + 1).log() }), ("tanh", { $0.tanh() }),
            ("sqrt", { ($0 * $0 + 1).sqrt() }), ("pow", { ($0 * $0 + 1).pow(1.7) }), ("divide", { 1 / ($0 * $0 + 1) }),
            ("multiply", { $0 * $0.permuted([1, 0]).reshaped([2, 3]) }),
            ("matmul", { $0.matmul(w).matmul($0, transposeOther: true).matmul($0) }),
            ("softmax", { $0.softmax() }), ("logSoftmax", { $0.logSoftmax(alongAxis: 0) }),
            ("variance", { $0.variance(alongAxes: [1], keepingDimensions: true) * $0 }),
            ("sigmoid", { $0.sigmoid() }), ("slice/concat", { V.concatenate([$0.slice(1..<3, alongAxis: 1).exp(), $0], alongAxis: 1) }),
            ("gather", { $0.gathering([2, 0]).exp() }), ("max", { $0.max(alongAxis: 1) * $0.sum(alongAxes: [1]) }),
            ("broadcast", { ($0.sum(alongAxes: [0]).broadcast(to: [2, 3]) * $0).tanh() }),
        ]
        let x = random([2, 3], seed: 109), v = random([2, 3], seed: 110)
        for (name, g) in cases {
            let f: (V) -> V = { x in
                let y = g(x)
                return (y * T(linspace: -1, 1.3, count: y.value.count).reshaped(y.shape)).sum()
            }
            let (_, hv) = Self.hvp(f, at: x, direction: v)
            let error = relativeError(hv, Self.finiteDifferenceHVP(f, at: x, direction: v))
            print("HVP \(name): relative error \(error)")
            #expect(error < 1e-7, "\(name)")
        }
    }

    @Test func secondAndThirdDerivativesOfACube() {
        let x = V(T([2, -1]))
        let d1 = gradients(of: (x * x * x).sum(), wrt: [x], createGraph: true)[0]   // 3x^2
        let d2 = gradients(of: d1.sum(), wrt: [x], createGraph: true)[0]           // 6x
        let d3 = gradients(of: d2.sum(), wrt: [x])[0]                              // 6
        #expect(d1.value.scalars == [12, 3])
        #expect(d2.value.scalars == [12, -6])
        #expect(d3.value.scalars == [6, 6])
        #expect(!d3.requiresGrad)
    }
}
