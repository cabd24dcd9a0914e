import Foundation

// The draws of each `Initialization` case, given the parameter's shape and fans.

extension Initialization {
    /// A tensor of `shape` drawn by this case with the given fans (ignored by cases that need none).
    func draw<S: TensorScalar>(_ shape: [Int], fanIn: Int, fanOut: Int, using rng: inout SeededGenerator) -> Tensor<S> {
        switch self {
        case let .normal(mean, std):
            return .randn(shape, mean: S(mean), std: S(std), using: &rng)
        case .kaiming:
            return .randn(shape, std: S((2 / Double(fanIn)).squareRoot()), using: &rng)
        case .xavier:
            let a = S((6 / Double(fanIn + fanOut)).squareRoot())
            return .uniform(shape, low: -a, high: a, using: &rng)
        case .pytorch:
            let a = S(1 / Double(fanIn).squareRoot())
            return .uniform(shape, low: -a, high: a, using: &rng)
        case let .uniform(low, high):
            return .uniform(shape, low: S(low), high: S(high), using: &rng)
        case let .constant(value):
            return .filled(shape, with: S(value))
        case let .xavierUniform(gain):
            return symmetric(shape, std: gain * (2 / Double(fanIn + fanOut)).squareRoot(), uniform: true, using: &rng)
        case let .xavierNormal(gain):
            return symmetric(shape, std: gain * (2 / Double(fanIn + fanOut)).squareRoot(), uniform: false, using: &rng)
        case let .kaimingUniform(a, mode, nonlinearity):
            let fan = Double(mode == .fanIn ? fanIn : fanOut)
            return symmetric(shape, std: nonlinearity.gain(negativeSlope: a) / fan.squareRoot(), uniform: true, using: &rng)
        case let .kaimingNormal(a, mode, nonlinearity):
            let fan = Double(mode == .fanIn ? fanIn : fanOut)
            return symmetric(shape, std: nonlinearity.gain(negativeSlope: a) / fan.squareRoot(), uniform: false, using: &rng)
        case let .truncatedNormal(mean, std, low, high):
            return truncatedNormal(shape, mean: mean, std: std, low: low, high: high, using: &rng)
        case let .orthogonal(gain):
            return orthogonal(shape, gain: gain, using: &rng)
        case .eye:
            guard shape.count == 2 else { fatalError("Initialization.eye: needs a 2-D weight, got shape \(describe(shape))") }
            return Tensor((0..<shape[0] * shape[1]).map { $0 / shape[1] == $0 % shape[1] ? 1 : 0 }, shape: shape)
        }
    }

    /// Zero-mean samples of standard deviation `std`: uniform on `[-sqrt(3) std, sqrt(3) std)` or normal.
    private func symmetric<S: TensorScalar>(_ shape: [Int], std: Double, uniform: Bool, using rng: inout SeededGenerator) -> Tensor<S> {
        guard uniform else { return .randn(shape, std: S(std), using: &rng) }
        let bound = S(3.0.squareRoot() * std)
        return .uniform(shape, low: -bound, high: bound, using: &rng)
    }

    /// `N(mean, std^2)` samples redrawn until within `[low, high]`; an interval holding less
    /// than one draw in a million traps, as redrawing would not end in useful time.
    private func truncatedNormal<S: TensorScalar>(_ shape: [Int], mean: Double, std: Double, low: Double, high: Double,
                                                  using rng: inout SeededGenerator) -> Tensor<S> {
        let mass = (erf((high - mean) / (std * 2.0.squareRoot())) - erf((low - mean) / (std * 2.0.squareRoot()))) / 2
        guard std > 0, low <= high, mass >= 1e-6 else {
            fatalError("Initialization.truncatedNormal: [\(low), \(high)] holds \(mass) of N(\(mean), \(std)^2); needs std > 0 and at least 1e-6")
        }
        let n = shape.reduce(1, *)
        var values = [S]()
        values.reserveCapacity(n)
        while values.count < n {
            let x = mean + std * rng.nextNormal()
            if x >= low && x <= high { values.append(S(x)) }
        }
        return Tensor(values, shape: shape)
    }

    /// `gain` times a Haar-random matrix of orthonormal columns or rows, of `shape` read as
    /// `(count / last, last)`: Gram-Schmidt on a Gaussian matrix, which is the QR whose R has a
    /// positive diagonal, PyTorch's sign correction.
    private func orthogonal<S: TensorScalar>(_ shape: [Int], gain: Double, using rng: inout SeededGenerator) -> Tensor<S> {
        guard shape.count >= 2 else { fatalError("Initialization.orthogonal: needs at least 2 axes, got shape \(describe(shape))") }
        let columns = shape[shape.count - 1], rows = shape.reduce(1, *) / columns
        let (tall, narrow) = (max(rows, columns), min(rows, columns))
        // q[j] is column j of the tall (tall x narrow) factor.
        var q = (0..<narrow).map { _ in (0..<tall).map { _ in rng.nextNormal() } }
        for j in 0..<narrow {
            for i in 0..<j {
                let r = zip(q[i], q[j]).reduce(0) { $0 + $1.0 * $1.1 }
                for k in 0..<tall { q[j][k] -= r * q[i][k] }
            }
            let norm = q[j].reduce(0) { $0 + $1 * $1 }.squareRoot()
            q[j] = q[j].map { $0 / norm }
        }
        // Row-major (rows, columns): the tall factor itself when rows >= columns, else its transpose.
        let values = (0..<rows * columns).map { index in
            let (row, column) = (index / columns, index % columns)
            return S(gain * (rows >= columns ? q[column][row] : q[row][column]))
        }
        return Tensor(values, shape: shape)
    }
}
