// One function written twice, on the tape and by hand, and the three comparisons of its
// gradients: tape against reference, and each against the numerical gradient of its own forward.

/// One layer, loss or network written twice, on the tape (AdjointNN modules or `Variable`
/// operations) and by hand (`Reference`), and checked three ways.
///
/// The tape side is a closure over leaf variables that recomputes the output from their
/// current values; the reference side gets the same values by name and returns its output
/// and a backward. For a non-scalar output both are pulled back with the same seeded random
/// upstream gradient (a scalar loss with 1). The numerical gradient of each side is taken on
/// that side's own forward, so "tape vs numerical" checks the tape's backward against the
/// tape's forward, "reference vs numerical" the hand-written backward against the hand-written
/// forward, and "tape vs reference" (of the output and every gradient) that the two are one
/// function.
///
/// ```swift
/// var rng = SeededGenerator(seed: 1)
/// let x = Variable(Tensor<Double>.randn([4, 5], using: &rng))
/// let check = ThreeWayCheck("gelu", threshold: 1e-7, tensors: [("x", x)], tape: { gelu(x) }) { v in
///     let (out, cache) = Reference.geluForward(v["x"]!)
///     return (out, { dout in ["x": Reference.geluBackward(dout, cache: cache)] })
/// }
/// for row in check.run() { print(row.name, row.passed) }
/// ```
public struct ThreeWayCheck {
    /// The hand-written side: the output for named input values, and the backward from an
    /// upstream gradient to the gradient of every named input.
    ///
    /// ```swift
    /// let reference: ThreeWayCheck.ReferenceFunction = { v in
    ///     let (out, cache) = Reference.reluForward(v["x"]!)
    ///     return (out, { dout in ["x": Reference.reluBackward(dout, cache: cache)] })
    /// }
    /// ```
    public typealias ReferenceFunction = ([String: Tensor<Double>])
        -> (out: Tensor<Double>, backward: (Tensor<Double>) -> [String: Tensor<Double>])

    /// The case, prefixed to every row's name: `"gelu"`, `"FC keep 0.5 reg 3.14 bn"`.
    public let name: String
    /// The bound on the numerical columns (the SPEC's: 1e-7 for layers, 1e-6 for nets,
    /// 1e-5 for nets with dropout or batchnorm).
    ///
    /// ```swift
    /// let bound = ThreeWayChecks.gelu().threshold   // 1e-7
    /// ```
    public let threshold: Double
    /// The centred difference's step.
    public let h: Double
    /// The leaves differentiated, in report order; the tape closure reads them.
    ///
    /// ```swift
    /// let x = check.tensors[0].variable.value   // the value the tape and reference both start from
    /// ```
    public let tensors: [(name: String, variable: Variable<Double>)]
    /// Entries (flat indices per tensor) left out of the numerical columns: inputs sitting on
    /// a kink (ReLU at exactly 0, tied maxima), where the centred difference returns the mean
    /// of the two one-sided slopes, which no backward rule reproduces.
    ///
    /// ```swift
    /// ThreeWayChecks.relu().kinks["x"]   // ThreeWayChecks.reluZeros
    /// ```
    public let kinks: [String: Set<Int>]
    let tape: () -> Variable<Double>
    let reference: ReferenceFunction

    /// `tape` must recompute its output from the variables' current values every time it is
    /// called (restarting any dropout stream it draws from).
    ///
    /// ```swift excerpt
    /// let check = ThreeWayCheck("relu", threshold: 1e-7, tensors: [("x", x)], kinks: ["x": [0, 7]],
    ///                           tape: { x.relu() }, reference: reference)
    /// ```
    public init(_ name: String, threshold: Double, h: Double = 1e-5, tensors: [(String, Variable<Double>)],
                kinks: [String: Set<Int>] = [:], tape: @escaping () -> Variable<Double>,
                reference: @escaping ReferenceFunction) {
        self.name = name
        self.threshold = threshold
        self.h = h
        self.tensors = tensors.map { (name: $0.0, variable: $0.1) }
        self.kinks = kinks
        self.tape = tape
        self.reference = reference
    }

    /// Both sides' outputs and analytic gradients at the variables' current values.
    ///
    /// ```swift
    /// let e = check.evaluate()
    /// e.tapeOutput == e.referenceOutput   // exact for dropout with equal seeds
    /// ```
    public struct Evaluation {
        /// The gradient both outputs were pulled back with: ones for a scalar output, else seeded
        /// `randn` of the output's shape.
        public let upstream: Tensor<Double>
        /// The tape closure's output value.
        public let tapeOutput: Tensor<Double>
        /// The reference function's output.
        ///
        /// ```swift
        /// ThreeWayChecks.pooling()[0].evaluate().referenceOutput.shape   // [15, 3, 3, 3]
        /// ```
        public let referenceOutput: Tensor<Double>
        /// The tape's gradient of each tensor, by the name in `tensors`.
        ///
        /// ```swift
        /// ThreeWayChecks.linear().evaluate().tapeGradients["x"]!.shape   // [10, 2, 3, 4]
        /// ```
        public let tapeGradients: [String: Tensor<Double>]
        /// The reference backward's gradient of each tensor, by the same names.
        public let referenceGradients: [String: Tensor<Double>]
    }

    /// Runs both forwards and both backwards once.
    ///
    /// ```swift
    /// let e = check.evaluate()
    /// print(relativeError(e.tapeGradients["x"]!, e.referenceGradients["x"]!))
    /// ```
    public func evaluate() -> Evaluation {
        let output = tape()
        var rng = SeededGenerator(seed: 0)
        let upstream: Tensor<Double> = output.value.count == 1 ? .ones(output.shape) : .randn(output.shape, using: &rng)
        let tapeGradients = gradients(of: output, wrt: tensors.map(\.variable), seed: upstream)
        let (referenceOutput, backward) = reference(values)
        let referenceGradients = backward(upstream)
        check(Set(referenceGradients.keys) == Set(tensors.map(\.name)),
              "ThreeWayCheck \(name): the reference returned gradients for \(referenceGradients.keys.sorted()), expected \(tensors.map(\.name))")
        return Evaluation(upstream: upstream, tapeOutput: output.value, referenceOutput: referenceOutput,
                          tapeGradients: Dictionary(uniqueKeysWithValues: zip(tensors.map(\.name), tapeGradients.map(\.value))),
                          referenceGradients: referenceGradients)
    }

    /// One row for the output (`out`, or `loss` for a scalar) and one per tensor.
    ///
    /// `maxNumericalEntries` caps the entries of each tensor that the numerical columns
    /// check (a seeded random sample, as the assignments' `grad_check_sparse`); nil checks all.
    /// Debug builds are about a hundred times slower than release ones, and a full numerical
    /// gradient of the SPEC's convolution costs 6000 forward passes.
    ///
    /// ```swift
    /// let rows = check.run(maxNumericalEntries: 16)
    /// ```
    public func run(maxNumericalEntries: Int? = nil) -> [GradientReport.Row] {
        let e = evaluate()
        let scalar = e.tapeOutput.count == 1
        var rows = [GradientReport.Row(check: name, tensor: scalar ? "loss" : "out", threshold: threshold,
                                       tapeVsReference: Self.agreement(e.tapeOutput, e.referenceOutput,
                                                                       scale: e.tapeOutput.abs().max().scalar))]
        let gradientScale = e.tapeGradients.values.map { $0.abs().max().scalar }.max() ?? 0
        let start = values
        let tapeMagnitude = (e.tapeOutput.abs() * e.upstream.abs()).sum().scalar
        let referenceMagnitude = (e.referenceOutput.abs() * e.upstream.abs()).sum().scalar
        for (i, (tensorName, variable)) in tensors.enumerated() {
            let entries = numericalEntries(count: variable.value.count, excluding: kinks[tensorName] ?? [],
                                           cap: maxNumericalEntries, seed: UInt64(i))
            let tapeNumerical = numericalGradient(of: { probe -> Tensor<Double> in
                variable.value = probe
                return withoutGradients { tape().value }
            }, at: start[tensorName]!, upstream: e.upstream, entries: entries, h: h)
            variable.value = start[tensorName]!
            let referenceNumerical = numericalGradient(of: { probe -> Tensor<Double> in
                var probed = start
                probed[tensorName] = probe
                return reference(probed).out
            }, at: start[tensorName]!, upstream: e.upstream, entries: entries, h: h)

            let (tapeGradient, referenceGradient) = (e.tapeGradients[tensorName]!, e.referenceGradients[tensorName]!)
            let (tapeScalars, referenceScalars) = (tapeGradient.scalars, referenceGradient.scalars)
            rows.append(GradientReport.Row(
                check: name, tensor: tensorName, threshold: threshold,
                tapeVsReference: Self.agreement(tapeGradient, referenceGradient, scale: gradientScale),
                tapeVsNumerical: GradientComparison(entries.map { tapeScalars[$0] }, tapeNumerical,
                                                    magnitude: tapeMagnitude, h: h),
                referenceVsNumerical: GradientComparison(entries.map { referenceScalars[$0] }, referenceNumerical,
                                                         magnitude: referenceMagnitude, h: h)))
        }
        return rows
    }

    /// Tape against reference, discounting `1e-13 * scale`: `scale` is the largest entry of the
    /// output (for the output row) or of any of the check's gradients. The two sides round
    /// differently, and where the exact gradient is 0 (a bias before batchnorm, cancelled by the
    /// batch mean) each returns rounding residue from sums of terms as large as the check's
    /// largest gradient, whose relative error against the other side's residue is about
    /// residue / 1e-8. The residues seen are below 25 eps * scale; the floor is 450 eps * scale.
    static func agreement(_ tape: Tensor<Double>, _ reference: Tensor<Double>, scale: Double) -> GradientComparison {
        check(tape.shape == reference.shape,
              "ThreeWayCheck: the tape's shape \(describe(tape.shape)) differs from the reference's \(describe(reference.shape))")
        return GradientComparison(tape.scalars, reference.scalars, noise: 1e-13 * scale)
    }

    private var values: [String: Tensor<Double>] {
        Dictionary(uniqueKeysWithValues: tensors.map { ($0.name, $0.variable.value) })
    }
}

/// The flat indices the numerical columns check: all but `excluding`, or a seeded random
/// sample of `cap` of them, in increasing order.
func numericalEntries(count: Int, excluding: Set<Int>, cap: Int?, seed: UInt64) -> [Int] {
    let candidates = (0..<count).filter { !excluding.contains($0) }
    guard let cap, candidates.count > cap else { return candidates }
    var rng = SeededGenerator(seed: seed)
    return rng.permutation(candidates.count).prefix(cap).map { candidates[$0] }.sorted()
}

