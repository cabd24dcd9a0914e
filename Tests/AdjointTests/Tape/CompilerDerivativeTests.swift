import _Differentiation
import Foundation
import Testing
@testable import Adjoint

// A third opinion beside the tape and finite differences: the Swift compiler's own
// reverse-mode derivatives of the same scalar functions.

@differentiable(reverse)
func mixed(_ x: Double) -> Double { tanh(x) * exp(x / 3) + x * x * x / (1 + x * x).squareRoot() }

@differentiable(reverse)
func logistic(_ x: Double) -> Double { 1 / (1 + exp(-x)) * log(1 + x * x) }

@differentiable(reverse)
func powers(_ x: Double) -> Double { pow(x * x + 0.5, 1.5) - sqrt(exp(x)) / (2 + tanh(x)) }

@Suite struct CompilerDerivativeTests {
    static let points: [Double] = [-2.1, -0.7, 0.3, 1.4, 2.5]

    /// Compares the compiler's derivative of `f` with the tape's gradient of `tape` at each point.
    func compare(_ name: String, _ f: @differentiable(reverse) (Double) -> Double, _ tape: (V) -> V) {
        for point in Self.points {
            let expected = gradient(at: point, of: f)
            let x = V(T([point]))
            let y = tape(x)
            #expect(Swift.abs(y.value.scalar - f(point)) <= 1e-14 * Swift.max(1, Swift.abs(f(point))), "\(name) value at \(point)")
            y.backward()
            let error = relativeError(x.grad!, T([expected]))
            print("\(name) at \(point): compiler \(expected), tape \(x.grad!.scalar), relative error \(error)")
            #expect(error < 1e-10, "\(name) at \(point)")
        }
    }

    @Test func tanhExpCubeOverRoot() {
        compare("tanh(x) exp(x/3) + x^3 / sqrt(1 + x^2)", mixed) { x in
            x.tanh() * (x / 3).exp() + x * x * x / (x * x + 1).sqrt()
        }
    }

    @Test func sigmoidTimesLog() {
        compare("sigmoid(x) log(1 + x^2)", logistic) { x in x.sigmoid() * (x * x + 1).log() }
    }

    @Test func powerAndRoots() {
        compare("(x^2 + 0.5)^1.5 - sqrt(exp(x)) / (2 + tanh(x))", powers) { x in
            (x * x + 0.5).pow(1.5) - x.exp().sqrt() / (2 + x.tanh())
        }
    }
}
