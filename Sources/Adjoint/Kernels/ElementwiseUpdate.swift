// The building block of optimisers: one fused pass over a weight, its gradient and its state.
// Written as tensor expressions, Adam makes about fourteen passes over every parameter and
// allocates as many temporaries; as one fused loop it makes one pass and allocates nothing.
// The engine knows no optimiser: each one passes its rule as a closure over eight-lane vectors.

/// Eight lanes of a weight, its gradient and up to three state tensors, as an update rule sees
/// them. Rules read `gradient` and rewrite `weight` and the state lanes they use.
public struct UpdateLanes<Scalar: TensorScalar> {
    /// The weight's lanes; the rule writes the updated values here.
    public var weight: SIMD8<Scalar>
    /// The gradient's lanes, read only.
    public let gradient: SIMD8<Scalar>
    /// The state tensors' lanes, in the order given (zero for a slot the rule has no tensor for).
    public var state0: SIMD8<Scalar>, state1: SIMD8<Scalar>, state2: SIMD8<Scalar>

    @inlinable
    init(weight: SIMD8<Scalar>, gradient: SIMD8<Scalar>, state0: SIMD8<Scalar>, state1: SIMD8<Scalar>, state2: SIMD8<Scalar>) {
        (self.weight, self.gradient, self.state0, self.state1, self.state2) = (weight, gradient, state0, state1, state2)
    }
}

/// An optimiser's update rule as a value: `apply` rewrites eight lanes at a time. Passing a
/// rule as a type (rather than a closure) lets the compiler inline it into the loop, so each
/// lane costs its arithmetic and nothing else (a closure costs an indirect call per 8 lanes).
/// Mark `apply` `@inline(__always)`: left to itself, the compiler kept SGD's as a call.
///
/// ```swift
/// struct Plain: UpdateRule {
///     let learningRate: SIMD8<Float>
///     @inline(__always) func apply(_ v: inout UpdateLanes<Float>) { v.weight -= learningRate * v.gradient }
/// }
/// ```
public protocol UpdateRule {
    associatedtype Scalar: TensorScalar
    /// Updates one vector of lanes.
    func apply(_ lanes: inout UpdateLanes<Scalar>)
}

extension Tensor {
    /// Applies `rule` in place, as ``update(gradient:state:_:)`` with a closure does, with the
    /// rule compiled into the loop.
    ///
    /// ```swift excerpt
    /// w.update(gradient: g, state: &state, Plain(learningRate: SIMD8(repeating: 0.01)))
    /// ```
    @inlinable
    public mutating func update<Rule: UpdateRule>(gradient: Tensor, state: inout [Tensor], _ rule: Rule)
    where Rule.Scalar == Scalar {
        check(state.count <= 3, "update: at most 3 state tensors, got \(state.count)")
        check(gradient.shape == shape && state.allSatisfy { $0.shape == shape },
              "update: weight \(describe(shape)), gradient \(describe(gradient.shape)) and state \(state.map { describe($0.shape) }) differ")
        let n = count
        let slots = state.count
        withUnsafeMutableBufferPointer { w in
            gradient.withUnsafeBufferPointer { g in
                // Through the array's buffer: the state tensors are written at once without copying any.
                state.withUnsafeMutableBufferPointer { tensors in
                    func pointer(_ i: Int) -> UnsafeMutablePointer<Scalar>? {
                        guard i < slots else { return nil }
                        return tensors[i].withUnsafeMutableBufferPointer { $0.baseAddress }
                    }
                    updateLoop(w.baseAddress!, g.baseAddress!, pointer(0), pointer(1), pointer(2), count: n, rule)
                }
            }
        }
    }

    /// Applies `rule` in place to every element of this weight, with `gradient` and up to three
    /// state tensors of the same shape (momentum's velocity, Adam's moments) updated in place too.
    ///
    /// One pass, no allocation, eight lanes at a time; tensors of more than 32,768 elements are
    /// split into chunks that run on all cores. `@inlinable`, so a caller's rule is compiled into
    /// the loop: give the calling function `@_specialize(where Scalar == Float)` so the rule's
    /// arithmetic runs on concrete vectors.
    ///
    /// ```swift
    /// var weight = w, state = [Tensor<Float>.zeros(w.shape)]
    /// weight.update(gradient: dy, state: &state) { v in      // SGD with momentum 0.9, lr 0.01
    ///     v.state0 = 0.9 * v.state0 - 0.01 * v.gradient
    ///     v.weight += v.state0
    /// }
    /// ```
    @inlinable
    public mutating func update(gradient: Tensor, state: inout [Tensor],
                                _ rule: (inout UpdateLanes<Scalar>) -> Void) {
        withoutActuallyEscaping(rule) { rule in update(gradient: gradient, state: &state, ClosureRule(body: rule)) }
    }
}

/// A closure as an `UpdateRule`.
@usableFromInline
struct ClosureRule<Scalar: TensorScalar>: UpdateRule {
    @usableFromInline let body: (inout UpdateLanes<Scalar>) -> Void

    @inlinable init(body: @escaping (inout UpdateLanes<Scalar>) -> Void) { self.body = body }

    @inlinable func apply(_ lanes: inout UpdateLanes<Scalar>) { body(&lanes) }
}

/// Runs `rule` over all `count` elements, chunked across the cores when large.
@inlinable
func updateLoop<S: TensorScalar, Rule: UpdateRule>(_ w: UnsafeMutablePointer<S>, _ g: UnsafePointer<S>,
                                                   _ a: UnsafeMutablePointer<S>?, _ b: UnsafeMutablePointer<S>?,
                                                   _ c: UnsafeMutablePointer<S>?, count: Int, _ rule: Rule)
where Rule.Scalar == S {
    inChunks(count, unit: elementwiseChunk) { r in
        let start = r.lowerBound
        updateChunk(w + start, g + start, a.map { $0 + start }, b.map { $0 + start }, c.map { $0 + start },
                    count: r.count, rule)
    }
}

/// One chunk, eight lanes at a time; the last partial vector is padded with zeros and only
/// its real lanes are written back.
@inlinable @inline(__always)
func updateChunk<S: TensorScalar, Rule: UpdateRule>(_ w: UnsafeMutablePointer<S>, _ g: UnsafePointer<S>,
                                                    _ a: UnsafeMutablePointer<S>?, _ b: UnsafeMutablePointer<S>?,
                                                    _ c: UnsafeMutablePointer<S>?, count: Int, _ rule: Rule)
where Rule.Scalar == S {
    typealias V = SIMD8<S>
    @inline(__always) func load(_ p: UnsafePointer<S>?, _ i: Int, _ lanes: Int) -> V {
        guard let p else { return V() }
        if lanes == 8 { return UnsafeRawPointer(p + i).loadUnaligned(as: V.self) }
        var v = V()
        for l in 0..<lanes { v[l] = p[i + l] }
        return v
    }
    @inline(__always) func store(_ v: V, _ p: UnsafeMutablePointer<S>?, _ i: Int, _ lanes: Int) {
        guard let p else { return }
        if lanes == 8 { UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: V.self); return }
        for l in 0..<lanes { p[i + l] = v[l] }
    }
    @inline(__always) func step(_ i: Int, _ lanes: Int) {
        var v = UpdateLanes(weight: load(w, i, lanes), gradient: load(g, i, lanes),
                            state0: load(a, i, lanes), state1: load(b, i, lanes), state2: load(c, i, lanes))
        rule.apply(&v)
        store(v.weight, w, i, lanes)
        store(v.state0, a, i, lanes)
        store(v.state1, b, i, lanes)
        store(v.state2, c, i, lanes)
    }
    // Whole vectors in their own loop, where `lanes` is the constant 8, so that no step pays
    // for the partial-vector test.
    let whole = count & ~7
    var i = 0
    while i < whole {
        step(i, 8)
        i += 8
    }
    if whole < count { step(whole, count - whole) }
}
