import Foundation
import Testing
import AdjointReference
import AdjointChecks

typealias R = Reference
typealias T = Tensor<Double>

extension GradientComparison {
    /// Prints the comparison so the errors show in the test log, and checks `beyondNoise`.
    func expect(below tolerance: Double, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        print("  " + what.padding(toLength: 58, withPad: " ", startingAt: 0)
              + String(format: "rel error %.2e   beyond rounding noise (%.0e) %.2e", relativeError, noise, beyondNoise))
        #expect(beyondNoise < tolerance, "\(what): \(relativeError) (\(beyondNoise) beyond noise)",
                sourceLocation: sourceLocation)
    }
}

/// Prints a value compared without numerical differentiation, and returns it.
@discardableResult
func report(_ what: String, _ error: Double) -> Double {
    print("  " + what.padding(toLength: 58, withPad: " ", startingAt: 0) + String(format: "rel error %.2e", error))
    return error
}

/// Compares `analytic` with the numerical vector-Jacobian product of `f` at `x` with `upstream`.
func checkGradient(_ what: String, analytic: T, at x: T, upstream: T, tolerance: Double,
                   sourceLocation: SourceLocation = #_sourceLocation, _ f: (T) -> T) {
    let numerical = numericalGradient(of: f, at: x, upstream: upstream)
    let magnitude = (f(x).abs() * upstream.abs()).sum().scalar
    GradientComparison(analytic, numerical, magnitude: magnitude)
        .expect(below: tolerance, what, sourceLocation: sourceLocation)
}

/// Compares `analytic` with the numerical gradient of the scalar function `f` at `x`.
func checkGradient(_ what: String, analytic: T, at x: T, tolerance: Double,
                   sourceLocation: SourceLocation = #_sourceLocation, _ f: (T) -> Double) {
    let numerical = numericalGradient(of: f, at: x)
    GradientComparison(analytic, numerical, magnitude: abs(f(x)))
        .expect(below: tolerance, what, sourceLocation: sourceLocation)
}

/// `count` labels in `0..<classes`.
func randomLabels(_ count: Int, classes: Int, using rng: inout SeededGenerator) -> [Int] {
    (0..<count).map { _ in Int.random(in: 0..<classes, using: &rng) }
}

/// Compares every gradient a network's `loss` returned with the numerical gradient of that
/// loss with respect to the parameter.
func checkNetwork(_ label: String, params: [String: T], grads: [String: T], tolerance: Double,
                  sourceLocation: SourceLocation = #_sourceLocation, loss: ([String: T]) -> Double) {
    #expect(Set(grads.keys) == Set(params.keys), "\(label): gradients for \(grads.keys.sorted())")
    let magnitude = abs(loss(params))
    for name in params.keys.sorted() {
        let numerical = numericalGradient(of: { value -> Double in
            var probe = params
            probe[name] = value
            return loss(probe)
        }, at: params[name]!)
        GradientComparison(grads[name]!, numerical, magnitude: magnitude)
            .expect(below: tolerance, "\(label) \(name)", sourceLocation: sourceLocation)
    }
}
