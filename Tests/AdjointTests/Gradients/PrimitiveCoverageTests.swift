import Testing
@testable import Adjoint

// Every primitive of the derivatives table has a numerical gradient check, and each check
// really exercises the primitive it is filed under (its recorded graph contains it).

@Suite struct PrimitiveCoverageTests {
    /// A function of some inputs whose recorded graph contains the primitive it checks.
    struct Check {
        let inputs: [T]
        let f: ([V]) -> V
        init(_ inputs: [T], _ f: @escaping ([V]) -> V) { (self.inputs, self.f) = (inputs, f) }
    }

    static let x = awayFromZero([3, 4], seed: 200), y = awayFromZero([3, 4], seed: 201)
    static let row = awayFromZero([1, 4], seed: 202), positive = random([3, 4], seed: 203, low: 0.2, high: 2)
    static let image = random([2, 4, 4, 3], seed: 204)
    static let geometry = PatchGeometry(input: [2, 4, 4, 3], kernel: 3, stride: 1, padding: 1, op: "test")

    /// The table: one check per primitive, with broadcasting where the primitive supports it.
    static var checks: [Primitive: Check] {
        [
            .add: Check([x, row]) { $0[0] + $0[1] },
            .subtract: Check([row, x]) { $0[0] - $0[1] },
            .multiply: Check([x, row]) { $0[0] * $0[1] },
            .divide: Check([x, row]) { $0[0] / $0[1] },
            .negate: Check([x]) { -$0[0] },
            .matmul: Check([x, random([4, 2], seed: 205)]) { $0[0].matmul($0[1]) },
            .addConstant: Check([x]) { $0[0] + 1.5 },
            .scale: Check([x]) { $0[0] * 3 },
            .divideByConstant: Check([x]) { $0[0] / 4 },
            .exp: Check([x]) { $0[0].exp() },
            .log: Check([positive]) { $0[0].log() },
            .tanh: Check([x]) { $0[0].tanh() },
            .sqrt: Check([positive]) { $0[0].sqrt() },
            .pow: Check([positive]) { $0[0].pow(2.5) },
            .abs: Check([x]) { $0[0].abs() },
            .maximum: Check([x]) { $0[0].maximum(0.1) },
            .maximumOf: Check([x, row]) { $0[0].maximum($0[1]) },
            .select: Check([x, row]) { $0[0].select(x .> 0, else: $0[1]) },
            .maskedFill: Check([x]) { $0[0].maskedFill(row .> 0, with: 5) },
            .sum: Check([x]) { $0[0].sum(alongAxes: [1]) },
            .max: Check([x]) { $0[0].max(alongAxis: 1) },
            .reshape: Check([x]) { $0[0].reshaped([2, 6]) },
            .permute: Check([x]) { $0[0].permuted([1, 0]) },
            .broadcast: Check([row]) { $0[0].broadcast(to: [3, 4]) },
            .sumToShape: Check([x]) { $0[0].sum(toShape: [1, 4]) },
            .slice: Check([x]) { $0[0].slice(1..<3, alongAxis: 1) },
            .concatenate: Check([x, row]) { Variable.concatenate([$0[0], $0[1]], alongAxis: 0) },
            .gather: Check([x]) { $0[0].gathering(flatIndices: [11, 0, 5, 5], shape: [2, 2]) },
            .scatterAdd: Check([x]) { $0[0].scatterAdding(flatIndices: Array(0..<12).map { $0 % 5 }, shape: [5]) },
            .patches: Check([image]) { $0[0].patches(geometry) },
            .sin: Check([x]) { $0[0].sin() },
            .cos: Check([x]) { $0[0].cos() },
            .erf: Check([x]) { $0[0].erf() },
            .softplus: Check([x]) { $0[0].softplus() },
            .foldPatches: Check([random([geometry.patchCount, geometry.patchSize], seed: 206)]) {
                $0[0].foldingPatches(geometry)
            },
        ]
    }

    @Test func everyPrimitiveHasACheck() {
        let missing = Primitive.builtIn.filter { Self.checks[$0] == nil }
        #expect(missing.isEmpty, "primitives without a gradient check: \(missing)")
        // A primitive declared but left out of its file's list would escape the check above.
        let unlisted = Self.checks.keys.filter { !Primitive.builtIn.contains($0) }
        #expect(unlisted.isEmpty, "checked primitives missing from Primitive.builtIn: \(unlisted)")
        #expect(Set(Primitive.builtIn).count == Primitive.builtIn.count)
    }

    @Test(arguments: Primitive.builtIn)
    func gradientMatchesFiniteDifferences(of primitive: Primitive) {
        guard let check = Self.checks[primitive] else {
            Issue.record("\(primitive) has no gradient check")
            return
        }
        let recorded = check.f(check.inputs.map { V($0) }).recordedPrimitives
        #expect(recorded.contains(primitive), "the check filed under \(primitive) records only \(recorded)")
        expectGradcheck(primitive.name, check.f, at: check.inputs)
    }
}
