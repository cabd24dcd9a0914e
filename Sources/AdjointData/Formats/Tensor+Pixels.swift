extension Tensor where Scalar == Float {
    /// `bytes[start...]` as floats 0...255 in `shape`, converting without intermediate arrays.
    init(pixels bytes: [UInt8], from start: Int, shape: [Int]) {
        self.init(repeating: 0, shape: shape)
        check(count == bytes.count - start, "Tensor(pixels:): \(bytes.count - start) bytes for shape \(shape)")
        withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { input in
                let pixels = input.baseAddress! + start
                for i in 0..<out.count { out[i] = Float(pixels[i]) }
            }
        }
    }
}
