// Primitive ops, part 3: shape. Broadcast and sum-to-shape are each other's adjoints, as are
// slice and concatenate.

extension Primitive {
    /// The shape rows of the derivatives table (notation in `Primitive`).
    ///
    /// | Primitive          | Forward                                   | Vector-Jacobian product                      |
    /// |--------------------|-------------------------------------------|----------------------------------------------|
    /// | `reshape`          | z = x with shape s                        | x̄ = g with x's shape                         |
    /// | `permute`          | z = x with axes permuted by π             | x̄ = g permuted by π⁻¹                        |
    /// | `broadcast`        | z = x broadcast to shape s                | x̄ = ↓x(g)                                    |
    /// | `sumToShape`       | z = ↓s(x)                                 | x̄ = g broadcast to x's shape                 |
    /// | `slice`            | z = x[a..<b] along an axis                | x̄ = [0 (a), g, 0 (n − b)] along that axis    |
    /// | `concatenate`      | z = [x₁, …, xₙ] along an axis             | x̄ᵢ = the part of g where xᵢ went             |
    static let shapes: [Primitive] = [.reshape, .permute, .broadcast, .sumToShape, .slice, .concatenate]

    /// `x.reshaped(shape)`
    public static let reshape = Primitive("reshape")
    /// `x.permuted(axes)`
    public static let permute = Primitive("permute")
    /// `x.broadcast(to:)`
    public static let broadcast = Primitive("broadcast")
    /// `x.sum(toShape:)`
    public static let sumToShape = Primitive("sumToShape")
    /// `x.slice(range, alongAxis:)`
    public static let slice = Primitive("slice")
    /// `Variable.concatenate(parts, alongAxis:)`
    public static let concatenate = Primitive("concatenate")
}

extension Variable {
    /// The same elements in a new shape (one size may be -1, inferred); the gradient is reshaped back.
    ///
    /// ```swift
    /// let y = x.reshaped([2, 6])       // (3, 4) -> (2, 6)
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func reshaped(_ newShape: [Int], file: StaticString = #fileID, line: UInt = #line) -> Variable {
        Variable.record(.reshape, value.reshaped(newShape), self, reads: .nothing, at: CodeLocation(fileID: file, line: line)) { out, g in Gradients(g.reshaped(out.inputs[0].shape)) }
    }

    /// The axes reordered: axis `i` of the result is axis `axes[i]` of `self`.
    ///
    /// ```swift
    /// let nchw = x.permuted([0, 3, 1, 2])   // (N, H, W, C) -> (N, C, H, W)
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func permuted(_ axes: [Int], file: StaticString = #fileID, line: UInt = #line) -> Variable {
        var inverse = axes
        for (i, a) in axes.enumerated() where a >= 0 && a < axes.count { inverse[a] = i }
        return Variable.record(.permute, value.permuted(axes), self, reads: .nothing, at: CodeLocation(fileID: file, line: line)) { _, g in Gradients(g.permuted(inverse)) }
    }

    /// `self` repeated to `newShape` along its size-1 and missing leading axes: the adjoint of `sum(toShape:)`.
    ///
    /// ```swift
    /// let rows = b.broadcast(to: [4, 3])    // (3) -> (4, 3)
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func broadcast(to newShape: [Int], file: StaticString = #fileID, line: UInt = #line) -> Variable {
        if newShape == shape { return self }
        return Variable.record(.broadcast, value.broadcast(to: newShape), self, reads: .nothing, at: CodeLocation(fileID: file, line: line)) { _, g in Gradients(g) }
    }

    /// Sums broadcast axes away to `targetShape`: the adjoint of `broadcast(to:)`.
    ///
    /// ```swift
    /// let reduced = g.sum(toShape: [3])      // (4, 3) -> (3)
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func sum(toShape targetShape: [Int], file: StaticString = #fileID, line: UInt = #line) -> Variable {
        if targetShape == shape { return self }
        return Variable.record(.sumToShape, value.sum(toShape: targetShape), self, reads: .nothing, at: CodeLocation(fileID: file, line: line)) { out, g in Gradients(g.broadcast(to: out.inputs[0].shape)) }
    }

    /// Elements `range` along `axis`.
    ///
    /// ```swift
    /// let head = x.slice(0..<2)                    // (5, 3) -> (2, 3)
    /// let cols = x.slice(1..<3, alongAxis: -1)     // (5, 3) -> (5, 2)
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func slice(_ range: Range<Int>, alongAxis axis: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        let out = value.slice(range, alongAxis: axis)
        let axis = axis < 0 ? axis + shape.count : axis
        return Variable.record(.slice, out, self, reads: .nothing, at: CodeLocation(fileID: file, line: line)) { out, g in
            let shape = out.inputs[0].shape
            var before = shape, after = shape
            before[axis] = range.lowerBound
            after[axis] = shape[axis] - range.upperBound
            return Gradients(Variable.concatenate([Variable(constant: .zeros(before)), g, Variable(constant: .zeros(after))],
                                         alongAxis: axis))
        }
    }

    /// The parts joined along `axis`; each part's gradient is its slice of the result's.
    ///
    /// ```swift
    /// let xy = Variable.concatenate([a, b], alongAxis: 1)   // (N, 2), (N, 3) -> (N, 5)
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func concatenate(_ parts: [Variable], alongAxis axis: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        let out = Tensor.concatenate(parts.map(\.value), alongAxis: axis)
        let axis = axis < 0 ? axis + out.rank : axis
        return record(.concatenate, out, NodeList(contentsOf: parts), reads: .nothing, at: CodeLocation(fileID: file, line: line)) { out, g in
            var start = 0
            return Gradients(contentsOf: out.inputs.map { part -> Variable? in
                defer { start += part.shape[axis] }
                return g.slice(start..<(start + part.shape[axis]), alongAxis: axis)
            })
        }
    }
}

extension Tensor {
    /// Zeros of shape `shape + [classes]` with `self[i]` at `[i, indices[i]]`.
    ///
    /// ```swift
    /// let oneHot = Tensor<Float>.ones([3]).scattering([2, 0, 1], classes: 4)   // (3) -> (3, 4)
    /// ```
    public func scattering(_ indices: [Int], classes: Int) -> Tensor {
        checkClassIndices(indices, rows: count, classes: classes, op: "scatter", shape: shape)
        var out = Tensor.zeros(shape + [classes])
        withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                for (i, j) in indices.enumerated() { o[i * classes + j] = x[i] }
            }
        }
        return out
    }
}

func checkClassIndices(_ indices: [Int], rows: Int, classes: Int, op: String, shape: [Int]) {
    check(indices.count == rows, "\(op): \(indices.count) indices for \(rows) rows of shape \(describe(shape))")
    if let bad = indices.first(where: { $0 < 0 || $0 >= classes }) {
        fatalError("\(op): index \(bad) is out of range 0..<\(classes) for shape \(describe(shape))")
    }
}
