// Reductions over any set of axes, with or without the reduced axes kept as size 1.

extension Tensor {
    /// Normalises possibly negative axes, checking range and duplicates.
    func normalizedAxes(_ axes: [Int], op: String) -> [Int] {
        var result: [Int] = []
        for axis in axes {
            let a = axis < 0 ? axis + rank : axis
            check(a >= 0 && a < rank, "\(op): axis \(axis) is out of range for shape \(describe(shape))")
            check(!result.contains(a), "\(op): axis \(axis) given twice for shape \(describe(shape))")
            result.append(a)
        }
        return result.sorted()
    }

    /// Reduces one axis, keeping it with size 1.
    func reduced(_ op: ReduceOp, axis: Int) -> Tensor {
        let outer = shape[..<axis].reduce(1, *)
        let inner = shape[(axis + 1)...].reduce(1, *)
        var outShape = shape
        outShape[axis] = 1
        let result = Tensor(uninitializedShape: outShape)
        withUnsafeBufferPointer { x in
            result.storage.withUnsafeMutablePointerToElements { out in
                Scalar._reduce(op, x.baseAddress!, out, outer: outer, length: shape[axis], inner: inner)
            }
        }
        return result
    }

    func reduced(_ op: ReduceOp, axes: [Int]?, keepingDimensions: Bool, name: String) -> Tensor {
        let axes = axes.map { normalizedAxes($0, op: name) } ?? Array(0..<rank)
        if op != .sum {
            for axis in axes {
                check(shape[axis] > 0, "\(name): cannot reduce empty axis \(axis) of shape \(describe(shape))")
            }
        }
        var result = self
        if axes.count == rank && rank > 0 {
            // All axes: reduce the flat buffer as one row.
            result = reshaped([1, count]).reduced(op, axis: 1).reshaped([Int](repeating: 1, count: rank))
        } else {
            for axis in axes { result = result.reduced(op, axis: axis) }
        }
        return keepingDimensions ? result : result.reshaped(shape(droppingAxes: axes, op: name))
    }

    /// The shape after reducing `axes` (all when nil) without keeping them.
    func shape(droppingAxes axes: [Int]?, op: String) -> [Int] {
        let axes = axes.map { normalizedAxes($0, op: op) } ?? Array(0..<rank)
        return shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
    }

    /// The sum over `axes` (all axes when nil).
    ///
    /// ```swift
    /// let total = x.sum().scalar
    /// let columns = x.sum(alongAxes: [0])   // (N, D) -> (D,)
    /// ```
    public func sum(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
        reduced(.sum, axes: axes, keepingDimensions: keepingDimensions, name: "sum")
    }

    /// The mean over `axes` (all axes when nil).
    ///
    /// ```swift
    /// let mu = x.mean(alongAxes: [0], keepingDimensions: true)   // (N, D) -> (1, D)
    /// ```
    public func mean(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
        let total = sum(alongAxes: axes, keepingDimensions: keepingDimensions)
        return total / Scalar(Swift.max(count / Swift.max(total.count, 1), 1))
    }

    /// The maximum over `axes` (all axes when nil).
    ///
    /// ```swift
    /// let rowMax = x.max(alongAxes: [1], keepingDimensions: true)   // (N, K) -> (N, 1)
    /// ```
    public func max(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
        reduced(.max, axes: axes, keepingDimensions: keepingDimensions, name: "max")
    }

    /// The minimum over `axes` (all axes when nil).
    ///
    /// ```swift
    /// let lowest = x.min().scalar
    /// ```
    public func min(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
        reduced(.min, axes: axes, keepingDimensions: keepingDimensions, name: "min")
    }

    /// The biased variance (divided by the count) over `axes`.
    ///
    /// ```swift
    /// let v = x.variance(alongAxes: [0])   // per feature: (N, D) -> (D,)
    /// ```
    public func variance(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
        let centered = self - mean(alongAxes: axes, keepingDimensions: true)
        return centered.squared().mean(alongAxes: axes, keepingDimensions: keepingDimensions)
    }

    /// The index of the largest element along `axis` for every position of the other axes, in
    /// row-major order of those positions. Ties go to the first index.
    ///
    /// ```swift
    /// Tensor<Float>([1, 5, 2, 7, 0, 3], shape: [2, 3]).argmax(alongAxis: 1)   // [1, 0]
    /// ```
    public func argmax(alongAxis axis: Int) -> [Int] {
        let axis = normalizedAxes([axis], op: "argmax")[0]
        let length = shape[axis]
        check(length > 0, "argmax: axis \(axis) of shape \(describe(shape)) is empty")
        let outer = shape[..<axis].reduce(1, *)
        let inner = shape[(axis + 1)...].reduce(1, *)
        var result = [Int](repeating: 0, count: outer * inner)
        withUnsafeBufferPointer { x in
            for o in 0..<outer {
                for i in 0..<inner {
                    var best = 0
                    var bestValue = x[o * length * inner + i]
                    for r in 1..<length where x[(o * length + r) * inner + i] > bestValue {
                        best = r
                        bestValue = x[(o * length + r) * inner + i]
                    }
                    result[o * inner + i] = best
                }
            }
        }
        return result
    }
}
