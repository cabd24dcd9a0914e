// Shape operations: reshape, permute, broadcast, slice, concatenate.

extension Tensor {
    /// The same elements in a new shape; one size may be -1 and is then inferred.
    ///
    /// ```swift
    /// let m = Tensor<Float>(arange: 0, 6).reshaped([2, -1])   // shape [2, 3]
    /// ```
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: resolvedShape(newShape, of: shape, count: count, operation: "reshape"), storage: storage)
    }

    /// `(N, d1, ..., dk)` to `(N, d1 * ... * dk)`.
    ///
    /// ```swift
    /// let flat = images.flattened()   // (64, 28, 28, 1) -> (64, 784)
    /// ```
    public func flattened() -> Tensor {
        check(rank >= 1, "flatten: a scalar has no batch axis")
        return reshaped([shape[0], shape.dropFirst().reduce(1, *)])
    }

    /// The axes reordered: axis `i` of the result is axis `axes[i]` of `self`.
    ///
    /// ```swift
    /// let nchw = x.permuted([0, 3, 1, 2])   // (N, H, W, C) -> (N, C, H, W)
    /// ```
    public func permuted(_ axes: [Int]) -> Tensor {
        check(axes.count == rank && Set(axes) == Set(0..<rank),
              "permute: \(axes) is not a permutation of the axes of shape \(describe(shape))")
        if axes == Array(0..<rank) { return self }
        let strides = contiguousStrides(shape)
        return strided(sizes: axes.map { shape[$0] }, strides: axes.map { strides[$0] }, offset: 0)
    }

    /// The last two axes swapped.
    ///
    /// ```swift
    /// let wt = w.transposed()   // (D, M) -> (M, D)
    /// ```
    public func transposed() -> Tensor {
        check(rank >= 2, "transpose: needs at least 2 axes, shape is \(describe(shape))")
        var axes = Array(0..<rank)
        axes.swapAt(rank - 1, rank - 2)
        return permuted(axes)
    }

    /// The tensor repeated along broadcast axes to `newShape` (NumPy rules).
    ///
    /// ```swift
    /// Tensor<Float>([1, 2, 3]).broadcast(to: [2, 3])   // [[1, 2, 3], [1, 2, 3]]
    /// ```
    public func broadcast(to newShape: [Int]) -> Tensor {
        check(broadcastShape(shape, newShape) == newShape,
              "broadcast: shape \(describe(shape)) cannot broadcast to \(describe(newShape))")
        if newShape == shape { return self }
        let own = contiguousStrides(shape)
        let strides = newShape.indices.map { axis -> Int in
            let k = axis - (newShape.count - rank)
            return k >= 0 && shape[k] != 1 ? own[k] : 0
        }
        return strided(sizes: newShape, strides: strides, offset: 0)
    }

    /// The elements `range` along `axis` (default: the first axis, i.e. rows).
    ///
    /// ```swift
    /// let middle = x.slice(1..<3, alongAxis: 1)   // (N, 5) -> (N, 2)
    /// ```
    public func slice(_ range: Range<Int>, alongAxis axis: Int = 0) -> Tensor {
        let axis = normalizedAxes([axis], op: "slice")[0]
        check(range.lowerBound >= 0 && range.upperBound <= shape[axis],
              "slice: range \(range) is out of bounds for axis \(axis) of shape \(describe(shape))")
        var sizes = shape
        sizes[axis] = range.count
        let strides = contiguousStrides(shape)
        if axis == 0 || shape[..<axis].allSatisfy({ $0 == 1 }) {
            // A run of whole rows: one contiguous block.
            let inner = strides[axis]
            let result = Tensor(uninitializedShape: sizes)
            withUnsafeBufferPointer { x in
                result.storage.withUnsafeMutablePointerToElements {
                    $0.initialize(from: x.baseAddress! + range.lowerBound * inner, count: range.count * inner)
                }
            }
            return result
        }
        return strided(sizes: sizes, strides: strides, offset: range.lowerBound * strides[axis])
    }

    /// The rows (entries of the first axis) at `indices`, in that order: a minibatch.
    ///
    /// ```swift
    /// let batch = images.gatheringRows([7, 2, 9])   // shape [3, 28, 28, 1]
    /// ```
    public func gatheringRows(_ indices: [Int]) -> Tensor {
        check(rank >= 1, "gatheringRows: a scalar has no rows")
        let rowLength = count / Swift.max(shape[0], 1)
        var outShape = shape
        outShape[0] = indices.count
        let result = Tensor(uninitializedShape: outShape)
        withUnsafeBufferPointer { x in
            result.storage.withUnsafeMutablePointerToElements { out in
                for (i, row) in indices.enumerated() {
                    check(row >= 0 && row < shape[0], "gatheringRows: row \(row) is out of range for shape \(describe(shape))")
                    (out + i * rowLength).initialize(from: x.baseAddress! + row * rowLength, count: rowLength)
                }
            }
        }
        return result
    }

    /// Rows `range` of the first axis: `x[2..<5]`.
    ///
    /// ```swift
    /// let rows = x[2..<5]   // (N, D) -> (3, D)
    /// ```
    public subscript(range: Range<Int>) -> Tensor { slice(range) }

    /// Tensors joined along `axis`; all other axes must match.
    ///
    /// ```swift
    /// let both = Tensor<Float>.concatenate([a, b], alongAxis: 1)   // (N, 2) and (N, 3) -> (N, 5)
    /// ```
    public static func concatenate(_ tensors: [Tensor], alongAxis axis: Int = 0) -> Tensor {
        check(!tensors.isEmpty, "concatenate: no tensors")
        let first = tensors[0]
        let axis = first.normalizedAxes([axis], op: "concatenate")[0]
        func shapes() -> String { tensors.map { describe($0.shape) }.joined(separator: ", ") }
        for t in tensors {
            var a = t.shape, b = first.shape
            check(a.count == b.count, "concatenate: shapes \(shapes()) differ in rank")
            a[axis] = 0; b[axis] = 0
            check(a == b, "concatenate: shapes \(shapes()) differ off axis \(axis)")
        }
        var outShape = first.shape
        outShape[axis] = tensors.reduce(0) { $0 + $1.shape[axis] }
        let outer = first.shape[..<axis].reduce(1, *)
        let inner = first.shape[(axis + 1)...].reduce(1, *)
        let result = Tensor(uninitializedShape: outShape)
        let rowLength = outShape[axis] * inner
        result.storage.withUnsafeMutablePointerToElements { out in
            var column = 0
            for t in tensors {
                let block = t.shape[axis] * inner
                t.withUnsafeBufferPointer { x in
                    for o in 0..<outer {
                        (out + o * rowLength + column).initialize(from: x.baseAddress! + o * block, count: block)
                    }
                }
                column += block
            }
        }
        return result
    }

    /// A new contiguous tensor of the strided view `sizes`/`strides` starting at `offset`.
    func strided(sizes: [Int], strides: [Int], offset: Int) -> Tensor {
        let result = Tensor(uninitializedShape: sizes)
        withUnsafeBufferPointer { x in
            result.storage.withUnsafeMutablePointerToElements { out in
                stridedCopy(from: UnsafeRawPointer(x.baseAddress! + offset), to: UnsafeMutableRawPointer(out),
                            elementSize: MemoryLayout<Scalar>.stride, sizes: sizes, strides: strides)
            }
        }
        return result
    }

    /// Sums broadcast axes away so the result has `targetShape`: the adjoint of `broadcast(to:)`.
    ///
    /// ```swift
    /// let db = dy.sum(toShape: b.shape)   // (N, M) -> (M,), the gradient of a broadcast bias
    /// ```
    public func sum(toShape targetShape: [Int]) -> Tensor {
        if shape == targetShape { return self }
        check(broadcastShape(targetShape, shape) == shape,
              "sum(toShape:): shape \(describe(targetShape)) does not broadcast to \(describe(shape))")
        let lead = rank - targetShape.count
        var axes = Array(0..<lead)
        for (k, size) in targetShape.enumerated() where size == 1 && shape[k + lead] != 1 { axes.append(k + lead) }
        return sum(alongAxes: axes, keepingDimensions: true).reshaped(targetShape)
    }
}

/// `newShape` with its one -1, if any, inferred so that it holds the `count` elements of
/// `shape`; stops with a message naming `operation` when it cannot.
func resolvedShape(_ newShape: [Int], of shape: [Int], count: Int, operation: String) -> [Int] {
    var resolved = newShape
    let inferred = newShape.indices.filter { newShape[$0] == -1 }
    check(inferred.count <= 1, "\(operation): more than one -1 in \(describe(newShape))")
    if let axis = inferred.first {
        let known = newShape.enumerated().filter { $0.offset != axis }.reduce(1) { $0 * $1.element }
        check(known > 0 && count % known == 0,
              "\(operation): cannot reshape \(describe(shape)) (\(count) elements) into \(describe(newShape))")
        resolved[axis] = count / known
    }
    check(resolved.allSatisfy { $0 >= 0 } && resolved.reduce(1, *) == count,
          "\(operation): cannot reshape \(describe(shape)) (\(count) elements) into \(describe(newShape))")
    return resolved
}
