extension Tensor {
    /// The rows (entries of the first axis) at `indices`, in that order: a minibatch gathered
    /// without copying anything but those rows.
    ///
    /// ```swift
    /// let x = Tensor<Float>([1, 2, 3, 4, 5, 6], shape: [3, 2])
    /// x.gatherRows([2, 0])   // [[5, 6], [1, 2]]
    /// ```
    public func gatherRows(_ indices: [Int]) -> Tensor {
        precondition(rank >= 1, "gatherRows: a scalar has no rows")
        let rows = shape[0]
        let rowLength = shape.dropFirst().reduce(1, *)
        var result = Tensor(repeating: 0, shape: [indices.count] + shape.dropFirst())
        withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { destination in
                for (k, row) in indices.enumerated() {
                    precondition(row >= 0 && row < rows, "gatherRows: row \(row) is outside 0..<\(rows)")
                    (destination.baseAddress! + k * rowLength)
                        .update(from: source.baseAddress! + row * rowLength, count: rowLength)
                }
            }
        }
        return result
    }
}

extension Tensor where Scalar == Float {
    /// `bytes[start...]` as floats 0...255 in `shape`, converting without intermediate arrays.
    init(pixels bytes: [UInt8], from start: Int, shape: [Int]) {
        self.init(repeating: 0, shape: shape)
        precondition(count == bytes.count - start, "Tensor(pixels:): \(bytes.count - start) bytes for shape \(shape)")
        withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { input in
                let pixels = input.baseAddress! + start
                for i in 0..<out.count { out[i] = Float(pixels[i]) }
            }
        }
    }
}
