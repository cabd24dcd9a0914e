import Foundation
import Testing
@testable import Adjoint

// Helpers shared by the engine tests: naive references (written without the engine's kernels,
// so a kernel bug cannot hide in both sides), closeness checks and a gradcheck wrapper.

/// Gradient checks run in Double (SPEC), so most tests use these two.
typealias T = Tensor<Double>
typealias V = Variable<Double>

/// Every full index of `shape` in row-major order.
func allIndices(_ shape: [Int]) -> [[Int]] {
    var result: [[Int]] = [[]]
    for size in shape {
        result = result.flatMap { prefix in (0..<size).map { prefix + [$0] } }
    }
    return result
}

/// The row-major offset of `index` in `shape`, reading size-1 axes as broadcast (index 0) and
/// aligning `shape` to the right of `index`, as NumPy does.
func broadcastOffset(_ index: [Int], in shape: [Int]) -> Int {
    let lead = index.count - shape.count
    var offset = 0
    for (k, size) in shape.enumerated() {
        offset = offset * size + (size == 1 ? 0 : index[k + lead])
    }
    return offset
}

/// The NumPy broadcast shape, written independently of the engine's.
func referenceBroadcastShape(_ a: [Int], _ b: [Int]) -> [Int] {
    let rank = max(a.count, b.count)
    let pa = [Int](repeating: 1, count: rank - a.count) + a
    let pb = [Int](repeating: 1, count: rank - b.count) + b
    return zip(pa, pb).map { x, y in
        precondition(x == y || x == 1 || y == 1, "test bug: \(a) and \(b) do not broadcast")
        return x == 1 ? y : x
    }
}

/// `f(a, b)` elementwise with broadcasting, one index at a time.
func referenceBinary(_ a: T, _ b: T, _ f: (Double, Double) -> Double) -> T {
    let shape = referenceBroadcastShape(a.shape, b.shape)
    let (x, y) = (a.scalars, b.scalars)
    let values = allIndices(shape).map { f(x[broadcastOffset($0, in: a.shape)], y[broadcastOffset($0, in: b.shape)]) }
    return T(values, shape: shape)
}

/// A reduction over `axes`, one output element at a time.
func referenceReduce(_ x: T, axes: [Int], keepingDimensions: Bool, _ f: ([Double]) -> Double) -> T {
    let axes = axes.map { $0 < 0 ? $0 + x.rank : $0 }
    let keptShape = x.shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
    let values = x.scalars
    let groups = allIndices(keptShape).map { outIndex -> Double in
        let members = allIndices(x.shape).filter { index in
            index.indices.allSatisfy { axes.contains($0) || index[$0] == outIndex[$0] }
        }
        return f(members.map { values[broadcastOffset($0, in: x.shape)] })
    }
    let shape = keepingDimensions ? keptShape : x.shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
    return T(groups, shape: shape)
}

/// The largest absolute difference; the shapes must match.
func maxDifference(_ a: T, _ b: T) -> Double {
    #expect(a.shape == b.shape, "shapes \(a.shape) and \(b.shape) differ")
    guard a.shape == b.shape else { return .infinity }
    return zip(a.scalars, b.scalars).map { Swift.abs($0 - $1) }.max() ?? 0
}

/// Expects equal shapes and elements within `tolerance`.
func expectClose(_ a: T, _ b: T, tolerance: Double = 1e-12, sourceLocation: SourceLocation = #_sourceLocation) {
    let difference = maxDifference(a, b)
    #expect(difference <= tolerance, "max difference \(difference)\n\(a)\nvs\n\(b)", sourceLocation: sourceLocation)
}

/// Samples in `[low, high)` of `shape`, seeded.
func random(_ shape: [Int], seed: UInt64, low: Double = -1, high: Double = 1) -> T {
    var rng = SeededGenerator(seed: seed)
    return T.uniform(shape, low: low, high: high, using: &rng)
}

/// Samples whose magnitude is in `[low, high)`, with random signs: keeps inputs away from the
/// kinks of abs and ReLU and from zero for division.
func awayFromZero(_ shape: [Int], seed: UInt64, low: Double = 0.2, high: Double = 1) -> T {
    var rng = SeededGenerator(seed: seed)
    let magnitude = T.uniform(shape, low: low, high: high, using: &rng)
    let sign = (T.uniform(shape, using: &rng) .> 0.5) * 2 - 1
    return magnitude * sign
}

/// Runs `gradcheck`, prints every input's relative error and expects all below 1e-7.
@discardableResult
func expectGradcheck(_ name: String, _ f: ([V]) -> V, at inputs: [T], upstream: T? = nil,
                     sourceLocation: SourceLocation = #_sourceLocation) -> GradcheckResult<Double> {
    let result = gradcheck(f, at: inputs, upstream: upstream)
    print("gradcheck \(name): relative errors \(result.errors.map { String(format: "%.2e", $0) })")
    #expect(result.errors.count == inputs.count, sourceLocation: sourceLocation)
    #expect(result.maxError < 1e-7, "\(name): relative errors \(result.errors)", sourceLocation: sourceLocation)
    return result
}

/// Expects an exit test's captured standard error to contain every one of `texts`.
func expectStandardError(of result: ExitTest.Result?, contains texts: [String],
                         sourceLocation: SourceLocation = #_sourceLocation) {
    guard let result else { return }   // The exit test itself already recorded a failure.
    let stderr = String(decoding: result.standardErrorContent, as: UTF8.self)
    for text in texts {
        #expect(stderr.contains(text), "standard error lacks \"\(text)\":\n\(stderr)", sourceLocation: sourceLocation)
    }
}
