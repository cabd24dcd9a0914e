// Copies that move elements without arithmetic (permute, broadcast, slice) work on bit
// patterns: a 4-byte or 8-byte integer type chosen once per call. That keeps them fast when
// called from generic code in other modules, where a generic element copy would not be.

/// Copies a strided view of `source` into the contiguous `destination`.
/// `sizes` are the view's axis sizes and `strides` the source's element strides (0 repeats).
func stridedCopy(from source: UnsafeRawPointer, to destination: UnsafeMutableRawPointer,
                 elementSize: Int, sizes: [Int], strides: [Int]) {
    switch elementSize {
    case 4: stridedCopy(source.assumingMemoryBound(to: UInt32.self),
                        destination.assumingMemoryBound(to: UInt32.self), sizes: sizes, strides: strides)
    case 8: stridedCopy(source.assumingMemoryBound(to: UInt64.self),
                        destination.assumingMemoryBound(to: UInt64.self), sizes: sizes, strides: strides)
    default: fatalError("stridedCopy: unsupported element size \(elementSize)")
    }
}

private func stridedCopy<T>(_ source: UnsafePointer<T>, _ destination: UnsafeMutablePointer<T>,
                            sizes: [Int], strides: [Int]) {
    let total = sizes.reduce(1, *)
    if total == 0 { return }
    let rank = sizes.count
    if rank == 0 { destination[0] = source[0]; return }
    let n = sizes[rank - 1], stride = strides[rank - 1]
    var index = [Int](repeating: 0, count: rank)
    var offset = 0
    var out = destination
    for _ in 0..<(total / n) {
        let row = source + offset
        if stride == 1 {
            out.update(from: row, count: n)
        } else {
            for i in 0..<n { out[i] = row[i * stride] }
        }
        out += n
        var axis = rank - 2
        while axis >= 0 {
            index[axis] += 1
            offset += strides[axis]
            if index[axis] < sizes[axis] { break }
            offset -= strides[axis] * sizes[axis]
            index[axis] = 0
            axis -= 1
        }
    }
}

/// Row-major element strides of a contiguous shape.
func contiguousStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var step = 1
    for axis in shape.indices.reversed() {
        strides[axis] = step
        step *= shape[axis]
    }
    return strides
}
