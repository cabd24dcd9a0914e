// Moving elements by index: flat gathers and scatter-adds, patches (im2col) and pooling.

extension Tensor {
    /// `out.flat[i] = self.flat[indices[i]]`, shaped `shape`.
    ///
    /// ```swift
    /// Tensor<Float>([5, 6, 7]).gathering(flatIndices: [2, 0], shape: [2])   // [7, 5]
    /// ```
    public func gathering(flatIndices indices: [Int], shape outShape: [Int]) -> Tensor {
        check(indices.count == Tensor.elementCount(outShape, op: "gather"),
              "gather: \(indices.count) indices do not fill shape \(describe(outShape))")
        let result = Tensor(uninitializedShape: outShape)
        withUnsafeBufferPointer { x in
            result.storage.withUnsafeMutablePointerToElements { out in
                for (i, index) in indices.enumerated() {
                    check(index >= 0 && index < count, "gather: index \(index) is out of range for shape \(describe(shape))")
                    (out + i).initialize(to: x[index])
                }
            }
        }
        return result
    }

    /// A tensor of zeros of shape `shape` with `self.flat[i]` added at `indices[i]`.
    ///
    /// ```swift
    /// Tensor<Float>([1, 2, 3]).scatterAdding(flatIndices: [1, 0, 1], shape: [2])   // [2, 4]
    /// ```
    public func scatterAdding(flatIndices indices: [Int], shape outShape: [Int]) -> Tensor {
        check(indices.count == count, "scatterAdd: \(indices.count) indices for \(count) values of shape \(describe(shape))")
        let size = Tensor.elementCount(outShape, op: "scatterAdd")
        // The largest index as unsigned (negatives become huge): a branch-free pass that
        // vectorises, cheaper than a `first(where:)` search, which only runs to name a bad index.
        let largest = indices.withUnsafeBufferPointer { idx in
            var largest: UInt = 0
            for i in idx { largest = Swift.max(largest, UInt(bitPattern: i)) }
            return largest
        }
        if largest >= UInt(size), let bad = indices.first(where: { $0 < 0 || $0 >= size }) {
            fatalError("scatterAdd: index \(bad) is out of range for shape \(describe(outShape))")
        }
        let result = Tensor(uninitializedShape: outShape)
        withUnsafeBufferPointer { values in
            indices.withUnsafeBufferPointer { idx in
                result.storage.withUnsafeMutablePointerToElements { out in
                    Scalar._scatterAdd(values.baseAddress!, idx.baseAddress!, count: count, out, size: size)
                }
            }
        }
        return result
    }

    /// im2col: the `geometry` windows of this NHWC tensor as rows of a matrix.
    ///
    /// ```swift
    /// let g = PatchGeometry(input: x.shape, kernel: 3, stride: 1, padding: 1, op: "conv2d")
    /// let cols = x.patches(g)   // (N, H, W, C) -> (g.patchCount, g.patchSize)
    /// ```
    public func patches(_ geometry: PatchGeometry) -> Tensor {
        checkPatchesInput(geometry)
        let result = Tensor(uninitializedShape: [geometry.patchCount, geometry.patchSize])
        withUnsafeBufferPointer { x in
            result.storage.withUnsafeMutablePointerToElements { Scalar._patches(geometry, x.baseAddress!, $0) }
        }
        return result
    }

    /// `patches(geometry)` and its product with `weights` (`patchSize x outChannels`), as
    /// `patches(geometry).matmul(weights)` gives them, bit for bit, but computed a few images at
    /// a time so that each image's patches are multiplied while they are still in cache.
    ///
    /// ```swift
    /// let g = PatchGeometry(input: x.shape, kernel: 3, stride: 1, padding: 1, op: "conv2d")
    /// let (cols, y) = x.patchesAndProduct(g, weights: w)   // w: (9 * C, F); y: (N * H * W, F)
    /// ```
    public func patchesAndProduct(_ geometry: PatchGeometry, weights: Tensor) -> (patches: Tensor, product: Tensor) {
        checkPatchesInput(geometry)
        check(weights.rank == 2 && weights.shape[0] == geometry.patchSize,
              "matmul: inner dimensions differ (\(geometry.patchSize) vs \(weights.shape.first ?? 0)) for patches \(describe([geometry.patchCount, geometry.patchSize])) and \(describe(weights.shape))")
        let outChannels = weights.shape[1]
        guard patchesTimesIsExact(geometry, outChannels: outChannels) else {
            let cols = patches(geometry)
            return (cols, cols.matmul(weights))
        }
        let cols = Tensor(uninitializedShape: [geometry.patchCount, geometry.patchSize])
        let product = Tensor(uninitializedShape: [geometry.patchCount, outChannels])
        withUnsafeBufferPointer { x in
            weights.withUnsafeBufferPointer { w in
                cols.storage.withUnsafeMutablePointerToElements { p in
                    product.storage.withUnsafeMutablePointerToElements { y in
                        Scalar._patchesTimes(geometry, x.baseAddress!, w.baseAddress!, outChannels: outChannels,
                                             patches: p, product: y)
                    }
                }
            }
        }
        return (cols, product)
    }

    private func checkPatchesInput(_ geometry: PatchGeometry) {
        check(shape == [geometry.batch, geometry.height, geometry.width, geometry.channels],
              "patches: shape \(describe(shape)) does not match the geometry's input")
    }

    /// col2im: sums rows of patches back into an NHWC tensor, the adjoint of `patches`.
    ///
    /// ```swift
    /// let dcols = x.patches(g)             // (g.patchCount, g.patchSize)
    /// let dx = dcols.foldingPatches(g)   // -> (N, H, W, C), overlapping windows summed
    /// ```
    public func foldingPatches(_ geometry: PatchGeometry) -> Tensor {
        check(shape == [geometry.patchCount, geometry.patchSize],
              "foldPatches: shape \(describe(shape)) is not (\(geometry.patchCount), \(geometry.patchSize))")
        let result = Tensor(uninitializedShape: [geometry.batch, geometry.height, geometry.width, geometry.channels])
        withUnsafeBufferPointer { cols in
            result.storage.withUnsafeMutablePointerToElements { Scalar._foldPatches(geometry, cols.baseAddress!, $0) }
        }
        return result
    }

    /// The maximum of each pooling window and the flat index of the element it came from.
    ///
    /// ```swift
    /// let g = PatchGeometry(input: x.shape, kernel: 2, stride: 2, padding: 0, op: "maxPool")
    /// let (values, argmax) = x.maxPooled(g)   // (N, 28, 28, C) -> (N, 14, 14, C)
    /// let dx = dy.scatterAdding(flatIndices: argmax, shape: x.shape)   // the backward pass
    /// ```
    public func maxPooled(_ geometry: PatchGeometry) -> (values: Tensor, argmax: [Int]) {
        // Padding narrower than the window leaves every window a position inside the input, so
        // the kernel writes every value and index, and the indices need no one-core clearing
        // first.
        check(geometry.paddingHeight < geometry.kernelHeight && geometry.paddingWidth < geometry.kernelWidth,
              "maxPool: padding \(geometry.paddingHeight)x\(geometry.paddingWidth) leaves windows of \(geometry.kernelHeight)x\(geometry.kernelWidth) with no input position")
        let outShape = [geometry.batch, geometry.outHeight, geometry.outWidth, geometry.channels]
        let values = Tensor(uninitializedShape: outShape)
        let argmax = [Int](unsafeUninitializedCapacity: values.count) { indices, initialized in
            withUnsafeBufferPointer { x in
                values.storage.withUnsafeMutablePointerToElements { out in
                    Scalar._maxPool(geometry, x.baseAddress!, out, argmax: indices.baseAddress!)
                }
            }
            initialized = values.count
        }
        return (values, argmax)
    }
}
