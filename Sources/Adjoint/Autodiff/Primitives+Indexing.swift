// Primitive ops, part 5: moving elements by index. Each pair is mutually adjoint:
// gather and scatter-add, patches (im2col) and fold (col2im).

extension Primitive {
    /// The indexing rows of the derivatives table (notation in `Primitive`).
    ///
    /// | Primitive          | Forward                                   | Vector-Jacobian product                      |
    /// |--------------------|-------------------------------------------|----------------------------------------------|
    /// | `gather`           | z[i] = x[idx[i]] (flat)                   | x̄ = scatterAdd(g, idx)                       |
    /// | `scatterAdd`       | z = 0, then z[idx[i]] += x[i] (flat)      | x̄[i] = g[idx[i]] (a gather)                  |
    /// | `patches`          | z = im2col(x): each window a row          | x̄ = col2im(g) (foldPatches)                  |
    /// | `foldPatches`      | z = col2im(x): rows summed into windows   | x̄ = im2col(g) (patches)                      |
    static let indexing: [Primitive] = [.gather, .scatterAdd, .patches, .foldPatches]

    /// `x.gathering(flatIndices:shape:)`
    public static let gather = Primitive("gather")
    /// `x.scatterAdding(flatIndices:shape:)`
    public static let scatterAdd = Primitive("scatterAdd")
    /// `x.patches(geometry)` (im2col)
    public static let patches = Primitive("patches")
    /// `x.foldingPatches(geometry)` (col2im)
    public static let foldPatches = Primitive("foldPatches")
}

extension Variable {
    /// `out.flat[i] = self.flat[indices[i]]`, shaped `shape`.
    ///
    /// ```swift
    /// let y = x.gathering(flatIndices: [11, 0, 5, 5], shape: [2, 2])   // x has 12 elements
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func gathering(flatIndices indices: [Int], shape outShape: [Int], file: StaticString = #fileID, line: UInt = #line) -> Variable {
        gathering(flatIndices: indices, gathered: value.gathering(flatIndices: indices, shape: outShape), file: file, line: line)
    }

    /// The gather primitive when the caller already holds its value, `value.gathering(flatIndices:
    /// indices, ...)` (max pooling's kernel finds the maxima it gathers, so reading them again
    /// is wasted work).
    func gathering(flatIndices indices: [Int], gathered: Tensor<Scalar>, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        Variable.record(.gather, gathered, self, reads: .nothing, at: CodeLocation(fileID: file, line: line)) { out, g in
            Gradients(g.scatterAdding(flatIndices: indices, shape: out.inputs[0].shape))
        }
    }

    /// Zeros of shape `shape` with `self.flat[i]` added at `indices[i]`.
    ///
    /// ```swift
    /// let y = x.scatterAdding(flatIndices: [3, 0, 3, 1], shape: [2, 2])   // y.flat[3] = x[0] + x[2]
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func scatterAdding(flatIndices indices: [Int], shape outShape: [Int], file: StaticString = #fileID, line: UInt = #line) -> Variable {
        Variable.record(.scatterAdd, value.scatterAdding(flatIndices: indices, shape: outShape), self, reads: .nothing, at: CodeLocation(fileID: file, line: line)) { out, g in
            Gradients(g.gathering(flatIndices: indices, shape: out.inputs[0].shape))
        }
    }

    /// im2col: the windows of this NHWC input as rows `(N * outH * outW, k * k * C)`.
    ///
    /// ```swift
    /// let g = PatchGeometry(input: x.shape, kernel: 3, stride: 1, padding: 1, op: "conv2d")
    /// let cols = x.patches(g)      // (N, H, W, C) -> (N * H * W, 9 * C)
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func patches(_ geometry: PatchGeometry, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        patches(geometry, computed: value.patches(geometry), file: file, line: line)
    }

    /// The `patches` primitive with its forward value already computed (by a fused kernel
    /// that gives the same bits).
    func patches(_ geometry: PatchGeometry, computed: Tensor<Scalar>, file: StaticString, line: UInt) -> Variable {
        Variable.record(.patches, computed, self, reads: .nothing, at: CodeLocation(fileID: file, line: line)) { _, g in Gradients(g.foldingPatches(geometry)) }
    }

    /// col2im: rows of patches summed back into an NHWC tensor.
    ///
    /// ```swift
    /// let g = PatchGeometry(input: x.shape, kernel: 3, stride: 1, padding: 1, op: "conv2d")
    /// let image = x.patches(g).foldingPatches(g)   // (N * H * W, 9 * C) -> (N, H, W, C)
    /// ```
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func foldingPatches(_ geometry: PatchGeometry, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        Variable.record(.foldPatches, value.foldingPatches(geometry), self, reads: .nothing, at: CodeLocation(fileID: file, line: line)) { _, g in Gradients(g.patches(geometry)) }
    }
}
