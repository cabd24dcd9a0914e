/// The gradients of a list of parameters packed into a few contiguous buffers, so that
/// averaging them across processes is a few large reductions instead of one small call per
/// parameter (the flagship has 18 parameters, 12 of them under 2 KB).
///
/// Consecutive parameters share a bucket until it holds `capacity` scalars; a parameter
/// larger than that gets a bucket of its own. The buffers are allocated once and reused.
///
/// ```swift excerpt
/// var buckets = GradientBuckets(model.parameters, capacity: 1 << 20)
/// buckets.pack(model.parameters)
/// for i in buckets.indices { buckets.withBucket(i) { sumAcrossProcesses($0) } }
/// buckets.unpack(into: model.parameters, scale: 0.5)
/// ```
public struct GradientBuckets<Scalar: TensorScalar> {
    /// For each bucket, the parameters it holds, as indices into the list.
    ///
    /// ```swift
    /// let buckets = GradientBuckets(model.parameters, capacity: 8)   // parameters of 3, 4, 10, 2, 2 scalars
    /// print(buckets.members)   // [0..<2, 2..<3, 3..<5]
    /// ```
    public private(set) var members: [Range<Int>]
    private var buffers: [[Scalar]]

    /// Buckets for `parameters`' gradients of at most `capacity` scalars each, unless one
    /// parameter alone is larger.
    ///
    /// ```swift
    /// let buckets = GradientBuckets(model.parameters, capacity: 1 << 20)
    /// print(buckets.members)   // [0..<6, 6..<12, 12..<18]
    /// ```
    public init(_ parameters: [Variable<Scalar>], capacity: Int) {
        check(capacity > 0, "GradientBuckets: capacity \(capacity) must be positive")
        var members: [Range<Int>] = []
        var start = 0, filled = 0
        for (i, p) in parameters.enumerated() {
            if filled > 0 && filled + p.value.count > capacity {
                members.append(start..<i)
                (start, filled) = (i, 0)
            }
            filled += p.value.count
        }
        if start < parameters.count { members.append(start..<parameters.count) }
        self.members = members
        buffers = members.map { range in
            [Scalar](repeating: 0, count: parameters[range].reduce(0) { $0 + $1.value.count })
        }
    }

    /// The buckets' indices.
    ///
    /// ```swift excerpt
    /// for b in buckets.indices { try buckets.withBucket(b) { try communicator.sum($0) } }
    /// ```
    public var indices: Range<Int> { members.indices }

    /// The scalars of every bucket.
    ///
    /// ```swift
    /// let buckets = GradientBuckets(model.parameters, capacity: 8)   // parameters of 3, 4, 10, 2, 2 scalars
    /// print(buckets.scalarCount)   // 21
    /// ```
    public var scalarCount: Int { buffers.reduce(0) { $0 + $1.count } }

    /// Copies every parameter's gradient into its bucket (zeros for a parameter without one).
    ///
    /// ```swift
    /// buckets.pack(model.parameters)
    /// ```
    public mutating func pack(_ parameters: [Variable<Scalar>]) {
        // Raw byte copies: this code is generic and called unspecialised from other modules,
        // where a typed loop costs a witness call per scalar.
        let size = MemoryLayout<Scalar>.stride
        for (b, range) in members.enumerated() {
            buffers[b].withUnsafeMutableBytes { buffer in
                var offset = 0
                for p in parameters[range] {
                    let bytes = p.value.count * size
                    if let grad = p.grad {
                        grad.withUnsafeBufferPointer { (buffer.baseAddress! + offset).copyMemory(from: $0.baseAddress!, byteCount: bytes) }
                    } else {
                        (buffer.baseAddress! + offset).initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
                    }
                    offset += bytes
                }
            }
        }
    }

    /// Runs `body` on bucket `index`'s buffer (to reduce it in place).
    ///
    /// ```swift excerpt
    /// try buckets.withBucket(0) { try communicator.sum($0) }
    /// ```
    public mutating func withBucket<R, E: Error>(_ index: Int, _ body: (UnsafeMutableBufferPointer<Scalar>) throws(E) -> R) throws(E) -> R {
        var result: Result<R, E>!
        buffers[index].withUnsafeMutableBufferPointer { buffer in
            do throws(E) { result = .success(try body(buffer)) } catch { result = .failure(error) }
        }
        return try result.get()
    }

    /// Writes each bucket back into the parameters' gradients, times `scale`.
    ///
    /// ```swift
    /// buckets.unpack(into: model.parameters, scale: 1 / Float(2))   // the mean of two processes' gradients
    /// ```
    public func unpack(into parameters: [Variable<Scalar>], scale: Scalar) {
        let size = MemoryLayout<Scalar>.stride
        for (b, range) in members.enumerated() {
            buffers[b].withUnsafeBytes { buffer in
                var offset = 0
                for p in parameters[range] {
                    var grad = Tensor<Scalar>(repeating: 0, shape: p.value.shape)
                    let bytes = grad.count * size
                    grad.withUnsafeMutableBufferPointer { UnsafeMutableRawPointer($0.baseAddress!).copyMemory(from: buffer.baseAddress! + offset, byteCount: bytes) }
                    // The engine's multiply is specialised for Float and Double.
                    p.grad = scale == 1 ? grad : grad * scale
                    offset += bytes
                }
            }
        }
    }
}
