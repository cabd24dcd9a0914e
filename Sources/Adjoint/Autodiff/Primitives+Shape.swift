// Primitive ops, part 3: shape. Broadcast and sum-to-shape are each other's adjoints, as are
// slice and concatenate.

extension Variable {
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func reshaped(_ newShape: [Int], file: StaticString = #fileID, line: UInt = #line) -> Variable {
        Variable.record(.reshape, value.reshaped(newShape), self, at: CodeLocation(fileID: file, line: line)) { out, g in Gradients(g.reshaped(out.inputs[0].shape)) }
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func permuted(_ axes: [Int], file: StaticString = #fileID, line: UInt = #line) -> Variable {
        var inverse = axes
        for (i, a) in axes.enumerated() where a >= 0 && a < axes.count { inverse[a] = i }
        return Variable.record(.permute, value.permuted(axes), self, at: CodeLocation(fileID: file, line: line)) { _, g in Gradients(g.permuted(inverse)) }
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func broadcast(to newShape: [Int], file: StaticString = #fileID, line: UInt = #line) -> Variable {
        if newShape == shape { return self }
        return Variable.record(.broadcast, value.broadcast(to: newShape), self, at: CodeLocation(fileID: file, line: line)) { out, g in Gradients(g.sum(toShape: out.inputs[0].shape)) }
    }

    /// Sums broadcast axes away to `targetShape`: the adjoint of `broadcast(to:)`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func sum(toShape targetShape: [Int], file: StaticString = #fileID, line: UInt = #line) -> Variable {
        if targetShape == shape { return self }
        return Variable.record(.sumToShape, value.sum(toShape: targetShape), self, at: CodeLocation(fileID: file, line: line)) { out, g in Gradients(g.broadcast(to: out.inputs[0].shape)) }
    }

    /// Elements `range` along `axis`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func slice(_ range: Range<Int>, alongAxis axis: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        let out = value.slice(range, alongAxis: axis)
        let axis = axis < 0 ? axis + shape.count : axis
        return Variable.record(.slice, out, self, at: CodeLocation(fileID: file, line: line)) { out, g in
            let shape = out.inputs[0].shape
            var before = shape, after = shape
            before[axis] = range.lowerBound
            after[axis] = shape[axis] - range.upperBound
            return Gradients(Variable.concatenate([Variable(constant: .zeros(before)), g, Variable(constant: .zeros(after))],
                                         alongAxis: axis))
        }
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func concatenate(_ parts: [Variable], alongAxis axis: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        let out = Tensor.concatenate(parts.map(\.value), alongAxis: axis)
        let axis = axis < 0 ? axis + out.rank : axis
        return record(.concatenate, out, NodeList(contentsOf: parts), at: CodeLocation(fileID: file, line: line)) { out, g in
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
