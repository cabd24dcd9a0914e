// Operations built from primitives: their gradients come from the primitives' rules. Each
// runs inside `withSourceLocation` at its caller, so an anomaly in one of its primitives names
// the user's line (after the line inside this file).

extension Variable {
    /// The mean over `axes` (all when nil).
    ///
    /// ```swift
    /// let loss = (outputs - targets).squared().mean()    // scalar
    /// let m = x.mean(alongAxes: [0])                  // (N, D) -> (D)
    /// ```
    public func mean(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        withSourceLocation(file: file, line: line) {
            let total = sum(alongAxes: axes, keepingDimensions: keepingDimensions)
            return total / Scalar(value.count / Swift.max(total.value.count, 1))
        }
    }

    /// The biased variance (divided by the count) over `axes`.
    ///
    /// ```swift
    /// let v = x.variance(alongAxes: [0], keepingDimensions: true)   // (N, D) -> (1, D)
    /// ```
    public func variance(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        withSourceLocation(file: file, line: line) {
            let centered = self - mean(alongAxes: axes, keepingDimensions: true)
            return (centered * centered).mean(alongAxes: axes, keepingDimensions: keepingDimensions)
        }
    }

    /// `self * self`.
    public func squared(file: StaticString = #fileID, line: UInt = #line) -> Variable {
        withSourceLocation(file: file, line: line) { self * self }
    }

    /// The last two axes swapped.
    public func transposed(file: StaticString = #fileID, line: UInt = #line) -> Variable {
        withSourceLocation(file: file, line: line) {
            check(shape.count >= 2, "transpose: needs at least 2 axes, shape is \(describe(shape))")
            var axes = Array(0..<shape.count)
            axes.swapAt(axes.count - 1, axes.count - 2)
            return permuted(axes)
        }
    }

    /// `(N, d1, ..., dk)` to `(N, d1 * ... * dk)`.
    ///
    /// ```swift
    /// let h = x.flattened()        // (N, 7, 7, 16) -> (N, 784)
    /// ```
    public func flattened(file: StaticString = #fileID, line: UInt = #line) -> Variable {
        withSourceLocation(file: file, line: line) {
            check(shape.count >= 1, "flatten: a scalar has no batch axis")
            // The size is spelled out: -1 cannot be inferred when the batch is empty.
            return reshaped([shape[0], shape.dropFirst().reduce(1, *)])
        }
    }

    /// `max(self, 0)`; the gradient at exactly 0 is 0.
    ///
    /// ```swift
    /// let h = (x.matmul(w) + b).relu()
    /// ```
    public func relu(file: StaticString = #fileID, line: UInt = #line) -> Variable {
        withSourceLocation(file: file, line: line) { maximum(0) }
    }

    /// `1 / (1 + e^-x)`, written with tanh so it never overflows.
    ///
    /// ```swift
    /// let p = logits.sigmoid()     // values in (0, 1)
    /// ```
    public func sigmoid(file: StaticString = #fileID, line: UInt = #line) -> Variable {
        withSourceLocation(file: file, line: line) { (self * 0.5).tanh() * 0.5 + 0.5 }
    }

    /// Softmax along `axis`, shifted by the maximum so large scores do not overflow.
    ///
    /// ```swift
    /// let probs = logits.softmax()   // (N, C), each row sums to 1
    /// ```
    public func softmax(alongAxis axis: Int = -1, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        withSourceLocation(file: file, line: line) {
            let e = (self - max(alongAxis: axis, keepingDimensions: true).detached()).exp()
            return e / e.sum(alongAxes: [axis], keepingDimensions: true)
        }
    }

    /// `log(softmax(self))` along `axis`, computed stably.
    ///
    /// ```swift
    /// let loss = -logits.logSoftmax().gathering(labels).mean()   // cross-entropy
    /// ```
    public func logSoftmax(alongAxis axis: Int = -1, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        withSourceLocation(file: file, line: line) {
            let shifted = self - max(alongAxis: axis, keepingDimensions: true).detached()
            return shifted - shifted.exp().sum(alongAxes: [axis], keepingDimensions: true).log()
        }
    }
}

extension Variable {
    /// `self[..., indices[i]]` for each position `i` of the leading axes: one entry of the
    /// last axis per row (the score of each sample's class).
    ///
    /// ```swift
    /// let picked = scores.gathering([2, 0])   // (2, C) -> (2): scores[0, 2], scores[1, 0]
    /// ```
    public func gathering(_ indices: [Int], file: StaticString = #fileID, line: UInt = #line) -> Variable {
        withSourceLocation(file: file, line: line) {
            let classes = shape.last ?? 0
            checkClassIndices(indices, rows: value.count / Swift.max(classes, 1), classes: classes, op: "gather", shape: shape)
            return gathering(flatIndices: indices.enumerated().map { $0.offset * classes + $0.element },
                             shape: Array(shape.dropLast()))
        }
    }

    /// 2-D convolution of an NHWC input with weights `(kh, kw, inC, outC)`: the input's windows
    /// (im2col) times the weights as a `(kh * kw * inC, outC)` matrix.
    ///
    /// ```swift
    /// let y = x.conv2d(w, stride: 1, padding: 1) + b     // (N, H, W, 3) -> (N, H, W, 16)
    /// ```
    public func conv2d(_ weights: Variable, stride: Int = 1, padding: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        conv2d(weights, stride: (stride, stride), padding: (padding, padding), file: file, line: line)
    }

    /// 2-D convolution with per-axis stride and zero padding, for any `(kh, kw, inC, outC)` weights.
    ///
    /// ```swift
    /// let y = x.conv2d(w, stride: (1, 2), padding: (0, 2))   // w: (1, 5, C, F)
    /// ```
    public func conv2d(_ weights: Variable, stride: (height: Int, width: Int), padding: (height: Int, width: Int),
                       file: StaticString = #fileID, line: UInt = #line) -> Variable {
        withSourceLocation(file: file, line: line) {
            check(weights.shape.count == 4,
                  "conv2d: weights must have shape (kh, kw, inC, outC), got \(describe(weights.shape))")
            let geometry = PatchGeometry(input: shape, kernel: (weights.shape[0], weights.shape[1]), stride: stride,
                                         padding: padding, op: "conv2d")
            check(weights.shape[2] == geometry.channels,
                  "conv2d: input of shape \(describe(shape)) has \(geometry.channels) channels, weights \(describe(weights.shape)) expect \(weights.shape[2])")
            let outChannels = weights.shape[3]
            // The same two primitives, their values computed together a few images at a time
            // (`patchesAndProduct`, the same bits): multiplied while still in cache, the
            // patches cost less to pack.
            let matrixShape = [geometry.patchSize, outChannels]
            let (cols, product) = value.patchesAndProduct(geometry, weights: weights.value.reshaped(matrixShape))
            return patches(geometry, computed: cols, file: #fileID, line: #line)
                .matmul(weights.reshaped(matrixShape), transposeSelf: false, transposeOther: false, product: product,
                        file: #fileID, line: #line)
                .reshaped([geometry.batch, geometry.outHeight, geometry.outWidth, outChannels])
        }
    }

    /// Max pooling of an NHWC input over `pool x pool` windows moved by `stride`: a gather of
    /// each window's maximum, so the gradient goes to that one position (the first in row-major
    /// window order when several tie).
    ///
    /// ```swift
    /// let y = x.maxPool2d(pool: 2, stride: 2)   // (N, 28, 28, C) -> (N, 14, 14, C)
    /// ```
    public func maxPool2d(pool: Int, stride: Int, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        withSourceLocation(file: file, line: line) {
            let geometry = PatchGeometry(input: shape, kernel: pool, stride: stride, padding: 0, op: "maxPool2d")
            let (values, argmax) = value.maxPooled(geometry)
            return gathering(flatIndices: argmax, gathered: values)
        }
    }
}
