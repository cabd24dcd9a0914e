import Foundation

// Generic elementwise kernels. They are only called from the concrete `Float` and `Double`
// conformances of `TensorScalar`, where the optimiser specialises them, so each operation's
// closure inlines into a tight loop that the compiler vectorises.

func binaryKernel<S: TensorScalar>(_ op: BinaryOp, _ a: UnsafePointer<S>, _ b: UnsafePointer<S>,
                                   _ out: UnsafeMutablePointer<S>, _ layout: BroadcastLayout) {
    // Large outputs run in chunks on all cores, so that long chains over big activations (batch
    // norm's) do not leave the other cores waiting. The switch is inside the chunk so that each
    // operation's closure inlines into its loop.
    let (items, unit) = broadcastChunks(layout)
    inChunks(items, unit: unit) { chunk in
        switch op {
        case .add: broadcastLoop(a, b, out, layout, chunk) { $0 + $1 }
        case .subtract: broadcastLoop(a, b, out, layout, chunk) { $0 - $1 }
        case .multiply: broadcastLoop(a, b, out, layout, chunk) { $0 * $1 }
        case .divide: broadcastLoop(a, b, out, layout, chunk) { $0 / $1 }
        case .maximum: broadcastLoop(a, b, out, layout, chunk) { $0 >= $1 || $0.isNaN ? $0 : $1 }
        case .minimum: broadcastLoop(a, b, out, layout, chunk) { $0 <= $1 || $0.isNaN ? $0 : $1 }
        case .power: broadcastLoop(a, b, out, layout, chunk) { S.power($0, $1) }
        case .greater: broadcastLoop(a, b, out, layout, chunk) { $0 > $1 ? 1 : 0 }
        case .greaterEqual: broadcastLoop(a, b, out, layout, chunk) { $0 >= $1 ? 1 : 0 }
        case .less: broadcastLoop(a, b, out, layout, chunk) { $0 < $1 ? 1 : 0 }
        case .lessEqual: broadcastLoop(a, b, out, layout, chunk) { $0 <= $1 ? 1 : 0 }
        case .equal: broadcastLoop(a, b, out, layout, chunk) { $0 == $1 ? 1 : 0 }
        }
    }
}

/// Elements per chunk of an elementwise operation or optimiser update that runs on all cores:
/// large enough that handing a chunk to a worker (about a microsecond) is small beside its work.
@usableFromInline let elementwiseChunk = 1 << 15

/// Runs `body` over `0..<count` in ranges of `unit`, on all cores when there is more than one.
@inlinable @inline(__always)
func inChunks(_ count: Int, unit: Int, _ body: (Range<Int>) -> Void) {
    let chunks = (count + unit - 1) / unit
    if chunks <= 1 {
        body(0..<count)
    } else {
        parallelFor(chunks) { k in body(k * unit ..< Swift.min(count, (k + 1) * unit)) }
    }
}

/// Runs `body` over `0..<count` cut into `parts` contiguous ranges as equal as can be, on all
/// cores; nothing when `count` is 0.
@inline(__always)
func inParts(_ count: Int, _ parts: Int, _ body: (Range<Int>) -> Void) {
    guard count > 0 else { return }
    inChunks(count, unit: (count + parts - 1) / parts, body)
}

/// What `broadcastLoop` is split by: elements when the operands are whole or scalars, rows of
/// the last axis otherwise; and how many make one chunk.
func broadcastChunks(_ layout: BroadcastLayout) -> (items: Int, unit: Int) {
    if layout.pattern != .general { return (layout.count, elementwiseChunk) }
    let n = Swift.max(layout.sizes[layout.sizes.count - 1], 1)
    return (layout.count / n, Swift.max(1, elementwiseChunk / n))
}

/// Walks the coalesced layout over `chunk` (elements, or rows of the last axis for the general
/// pattern; see `broadcastChunks`): an odometer over the outer axes, a strided loop over the last.
@inline(__always)
func broadcastLoop<S: TensorScalar>(_ a: UnsafePointer<S>, _ b: UnsafePointer<S>, _ out: UnsafeMutablePointer<S>,
                                    _ layout: BroadcastLayout, _ chunk: Range<Int>, _ f: (S, S) -> S) {
    switch layout.pattern {
    case .same: for i in chunk { out[i] = f(a[i], b[i]) }; return
    case .scalarB: let y = b[0]; for i in chunk { out[i] = f(a[i], y) }; return
    case .scalarA: let x = a[0]; for i in chunk { out[i] = f(x, b[i]) }; return
    case .general: break
    }
    if chunk.isEmpty { return }
    let rank = layout.sizes.count
    let n = layout.sizes[rank - 1]
    let sa = layout.aStrides[rank - 1], sb = layout.bStrides[rank - 1]
    // The odometer at the chunk's first row.
    var index = [Int](repeating: 0, count: rank)
    var offsetA = 0, offsetB = 0
    var rest = chunk.lowerBound
    for axis in stride(from: rank - 2, through: 0, by: -1) {
        index[axis] = rest % layout.sizes[axis]
        rest /= layout.sizes[axis]
        offsetA += index[axis] * layout.aStrides[axis]
        offsetB += index[axis] * layout.bStrides[axis]
    }
    var o = out + chunk.lowerBound * n
    for _ in chunk {
        let pa = a + offsetA, pb = b + offsetB
        // Separate loops for the common stride patterns let the compiler vectorise each.
        if sa == 1 && sb == 1 {
            for i in 0..<n { o[i] = f(pa[i], pb[i]) }
        } else if sa == 1 && sb == 0 {
            let y = pb[0]
            for i in 0..<n { o[i] = f(pa[i], y) }
        } else if sa == 0 && sb == 1 {
            let x = pa[0]
            for i in 0..<n { o[i] = f(x, pb[i]) }
        } else {
            for i in 0..<n { o[i] = f(pa[i * sa], pb[i * sb]) }
        }
        o += n
        // Advance the odometer over the outer axes.
        var axis = rank - 2
        while axis >= 0 {
            index[axis] += 1
            offsetA += layout.aStrides[axis]
            offsetB += layout.bStrides[axis]
            if index[axis] < layout.sizes[axis] { break }
            offsetA -= layout.aStrides[axis] * layout.sizes[axis]
            offsetB -= layout.bStrides[axis] * layout.sizes[axis]
            index[axis] = 0
            axis -= 1
        }
    }
}

func unaryKernel<S: TensorScalar>(_ op: UnaryOp, _ x: UnsafePointer<S>, _ out: UnsafeMutablePointer<S>,
                                  count n: Int, parameter c: S) {
    switch op {
    case .negate: for i in 0..<n { out[i] = -x[i] }
    case .exp: for i in 0..<n { out[i] = S.exponential(x[i]) }
    case .log: for i in 0..<n { out[i] = S.logarithm(x[i]) }
    case .tanh: for i in 0..<n { out[i] = S.hyperbolicTangent(x[i]) }
    case .sqrt: for i in 0..<n { out[i] = x[i].squareRoot() }
    case .abs: for i in 0..<n { out[i] = Swift.abs(x[i]) }
    case .sign: for i in 0..<n { out[i] = x[i] > 0 ? 1 : (x[i] < 0 ? -1 : 0) }
    case .square: for i in 0..<n { out[i] = x[i] * x[i] }
    case .sin: for i in 0..<n { out[i] = S.sine(x[i]) }
    case .cos: for i in 0..<n { out[i] = S.cosine(x[i]) }
    case .erf: for i in 0..<n { out[i] = S.errorFunction(x[i]) }
    case .softplus: for i in 0..<n { out[i] = Swift.max(x[i], 0) + S.logOnePlus(S.exponential(-Swift.abs(x[i]))) }
    case .power: for i in 0..<n { out[i] = S.power(x[i], c) }
    case .maximum: for i in 0..<n { out[i] = x[i] >= c || x[i].isNaN ? x[i] : c }
    case .minimum: for i in 0..<n { out[i] = x[i] <= c || x[i].isNaN ? x[i] : c }
    case .greaterThan: for i in 0..<n { out[i] = x[i] > c ? 1 : 0 }
    case .add: for i in 0..<n { out[i] = x[i] + c }
    case .subtract: for i in 0..<n { out[i] = x[i] - c }
    case .multiply: for i in 0..<n { out[i] = x[i] * c }
    case .divide: for i in 0..<n { out[i] = x[i] / c }
    case .subtractFrom: for i in 0..<n { out[i] = c - x[i] }
    case .divideInto: for i in 0..<n { out[i] = c / x[i] }
    }
}

func reduceKernel<S: TensorScalar>(_ op: ReduceOp, _ x: UnsafePointer<S>, _ out: UnsafeMutablePointer<S>,
                                   outer: Int, length: Int, inner: Int) {
    // Large reductions run on all cores, each output element on one of them in the order one
    // core would take, so the sums keep their bits: whole outer blocks when there are enough,
    // otherwise ranges of the inner columns (a bias gradient, 50176 rows of 32 channels, ran on
    // one core while the other waited).
    let threads = outer * length * inner >= 2 * elementwiseChunk ? Parallelism.maxThreads : 1
    let byOuter = outer >= threads || inner < 32
    inParts(byOuter ? outer : (inner + 15) / 16, threads) { part in
        let blocks = byOuter ? part : 0..<outer
        let columns = byOuter ? 0..<inner : part.lowerBound * 16 ..< min(inner, part.upperBound * 16)
        switch op {
        case .sum: reduceLoop(x, out, blocks, length: length, inner: inner, columns, initial: 0) { $0 + $1 }
        case .max: reduceLoop(x, out, blocks, length: length, inner: inner, columns, initial: -.infinity) {
            $0 >= $1 || $0.isNaN ? $0 : $1 }
        case .min: reduceLoop(x, out, blocks, length: length, inner: inner, columns, initial: .infinity) {
            $0 <= $1 || $0.isNaN ? $0 : $1 }
        }
    }
}

/// Reduces the outer blocks `blocks`, columns `columns` of the inner axis, of `x` viewed as
/// `(outer, length, inner)` along its middle axis into `out` (`outer x inner`).
@inline(__always)
func reduceLoop<S: TensorScalar>(_ x: UnsafePointer<S>, _ out: UnsafeMutablePointer<S>, _ blocks: Range<Int>,
                                 length: Int, inner: Int, _ columns: Range<Int>, initial: S, _ f: (S, S) -> S) {
    for o in blocks {
        let src = x + o * length * inner
        let dst = out + o * inner
        if inner == 1 {
            // Reduce a contiguous row with several independent accumulators (vectorisable).
            var acc = SIMD8<S>(repeating: initial)
            var r = 0
            while r + 8 <= length {
                var v = SIMD8<S>()
                for l in 0..<8 { v[l] = src[r + l] }
                for l in 0..<8 { acc[l] = f(acc[l], v[l]) }
                r += 8
            }
            var total = initial
            for l in 0..<8 { total = f(total, acc[l]) }
            while r < length { total = f(total, src[r]); r += 1 }
            dst[0] = total
        } else {
            // Reduce whole rows of `inner` elements into the output row.
            for i in columns { dst[i] = initial }
            for r in 0..<length {
                let row = src + r * inner
                for i in columns { dst[i] = f(dst[i], row[i]) }
            }
        }
    }
}

/// Transcendental functions per scalar type, so the kernels above stay generic.
extension TensorScalar {
    @inline(__always) static func exponential(_ x: Self) -> Self {
        if let x = x as? Float { return Foundation.exp(x) as! Self }
        return Self(Foundation.exp(Double(x)))
    }
    @inline(__always) static func logarithm(_ x: Self) -> Self {
        if let x = x as? Float { return Foundation.log(x) as! Self }
        return Self(Foundation.log(Double(x)))
    }
    @inline(__always) static func hyperbolicTangent(_ x: Self) -> Self {
        if let x = x as? Float { return Foundation.tanh(x) as! Self }
        return Self(Foundation.tanh(Double(x)))
    }
    @inline(__always) static func sine(_ x: Self) -> Self {
        if let x = x as? Float { return Foundation.sin(x) as! Self }
        return Self(Foundation.sin(Double(x)))
    }
    @inline(__always) static func cosine(_ x: Self) -> Self {
        if let x = x as? Float { return Foundation.cos(x) as! Self }
        return Self(Foundation.cos(Double(x)))
    }
    @inline(__always) static func errorFunction(_ x: Self) -> Self {
        if let x = x as? Float { return Foundation.erf(x) as! Self }
        return Self(Foundation.erf(Double(x)))
    }
    @inline(__always) static func logOnePlus(_ x: Self) -> Self {
        if let x = x as? Float { return Foundation.log1p(x) as! Self }
        return Self(Foundation.log1p(Double(x)))
    }
    @inline(__always) static func power(_ x: Self, _ y: Self) -> Self {
        if let x = x as? Float { return Foundation.pow(x, y as! Float) as! Self }
        return Self(Foundation.pow(Double(x), Double(y)))
    }
}
