import Testing
@testable import AdjointNN

// Helpers shared by the suites: tensors from the SPEC's literals, and gradient checks of
// modules, whose parameters are variables inside the module rather than function inputs.

/// NumPy's `linspace(start, end, count).reshape(shape)`.
func linspace(_ start: Double, _ end: Double, _ shape: [Int]) -> Tensor<Double> {
    Tensor(linspace: start, end, count: shape.reduce(1, *)).reshaped(shape)
}

/// The rounding noise of a centred difference on an O(1) float64 loss is about 1e-15 / 2h:
/// measured up to 4.4e-11 at h = 1e-5 and 1.1e-10 at h = 1e-6. Gradient entries whose tape and
/// numerical values agree within this floor are equal as far as the numerical gradient can
/// tell; the SPEC's relative error alone, with its 1e-8 denominator floor, scores such an
/// entry up to 4e-3 (a bias followed by batch norm, whose exact gradient is 0) and a 5e-8
/// entry about 4e-4.
let noiseFloor = 1e-9

/// The SPEC's relative error over the entries that differ by more than `noiseFloor`.
func relativeErrorAboveNoise(_ x: Tensor<Double>, _ y: Tensor<Double>) -> Double {
    zip(x.scalars, y.scalars).reduce(0.0) { worst, pair in
        let difference = abs(pair.0 - pair.1)
        return difference <= noiseFloor ? worst : max(worst, difference / max(1e-8, abs(pair.0) + abs(pair.1)))
    }
}

/// Tape and numerical gradients per named variable.
struct GradientComparison {
    var tape: [String: Tensor<Double>] = [:]
    var numerical: [String: Tensor<Double>] = [:]

    init() {}

    /// The inputs of an engine `gradcheck`, named in order.
    init(_ result: GradcheckResult<Double>, names: [String]) {
        for (name, (tape, numerical)) in zip(names, zip(result.tape, result.numerical)) {
            self.tape[name] = tape
            self.numerical[name] = numerical
        }
    }

    /// The SPEC's relative error per name.
    var errors: [String: Double] { tape.keys.reduce(into: [:]) { out, name in
        out[name] = relativeError(tape[name]!, numerical[name]!)
    } }

    /// `relativeErrorAboveNoise` per name.
    var errorsAboveNoise: [String: Double] { tape.keys.reduce(into: [:]) { out, name in
        out[name] = relativeErrorAboveNoise(tape[name]!, numerical[name]!)
    } }

    /// Prints both errors of every name under `label` and returns the largest error above noise.
    func report(_ label: String) -> Double {
        let spec = errors, aboveNoise = errorsAboveNoise
        let listed = spec.keys.sorted().map { "\($0) \(spec[$0]!) (\(aboveNoise[$0]!))" }.joined(separator: ", ")
        let worst = aboveNoise.values.max() ?? 0
        print("\(label): max relative error \(spec.values.max() ?? 0), above noise \(worst) [\(listed)]")
        return worst
    }
}

/// Tape against numerical gradients of `f` with respect to each named variable, perturbing the
/// variables in place. `f` must recompute its output from the variables' current values on
/// every call (reset any random stream inside it). A non-scalar output is pulled back with a
/// seeded random upstream gradient. `h` is the SPEC's step unless a check says why not.
func compareGradients(of f: () -> Variable<Double>, wrt variables: [(path: String, variable: Variable<Double>)],
                      seed: UInt64 = 0, h: Double = 1e-5) -> GradientComparison {
    let output = f()
    var rng = SeededGenerator(seed: seed)
    let upstream = output.value.count == 1 ? Tensor.ones(output.shape) : Tensor<Double>.randn(output.shape, using: &rng)
    let tape = gradients(of: output, wrt: variables.map(\.variable), seed: upstream)
    var comparison = GradientComparison()
    for ((name, variable), tapeGradient) in zip(variables, tape) {
        let original = variable.value
        comparison.numerical[name] = numericalGradient(of: { probe -> Tensor<Double> in
            variable.value = probe
            return withoutGradients { f().value }
        }, at: original, upstream: upstream, h: h)
        variable.value = original
        comparison.tape[name] = tapeGradient.value
    }
    return comparison
}

/// The assignments' training loss: softmax cross-entropy of `model`'s scores plus
/// `0.5 * reg * sum(w^2)` over `weights` (the penalty is left out when `reg` is 0).
func trainingLoss(_ model: Module<Double>, _ x: Variable<Double>, labels: [Int], weights: [Variable<Double>] = [],
                  reg: Double = 0) -> Variable<Double> {
    let data = softmaxCrossEntropy(model(x), labels: labels)
    return reg == 0 || weights.isEmpty ? data : data + halfL2Penalty(weights, reg: reg)
}

/// `compareGradients` of a model's training loss (`trainingLoss`) with respect to all its
/// parameters, named by path. The dropout streams restart from their current state before
/// every evaluation, so each evaluation draws the same masks.
func compareParameterGradients(of model: Module<Double>, x: Tensor<Double>, labels: [Int],
                               weights: [Variable<Double>] = [], reg: Double = 0,
                               h: Double = 1e-5) -> GradientComparison {
    let streams = model.namedRandomSources.map { (source: $0.source, start: $0.source.generator) }
    return compareGradients(of: {
        for stream in streams { stream.source.generator = stream.start }
        return trainingLoss(model, Variable(constant: x), labels: labels, weights: weights, reg: reg)
    }, wrt: model.namedParameters, h: h)
}

/// Prints `errors` under `label` and returns the largest.
@discardableResult
func report(_ label: String, _ errors: [String: Double]) -> Double {
    let worst = errors.values.max() ?? 0
    let listed = errors.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    print("\(label): max \(worst) [\(listed)]")
    return worst
}

/// The values of every parameter, flattened and concatenated in order: for comparing models.
func flatParameters<S>(_ module: Module<S>) -> Tensor<S> {
    Tensor(module.parameters.flatMap(\.value.scalars))
}
