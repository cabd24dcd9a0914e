/// Keeps, for each of `buckets` consecutive runs of points, the lowest and the highest (in
/// their original order), so a 50,000-iteration loss curve draws as at most `2 * buckets`
/// points and every spike stays visible, which taking every k-th point would not guarantee.
///
/// ```swift
/// let points = (0..<5000).map { (x: Double($0), y: Double($0 % 7)) }
/// let drawn = minMaxDownsample(points, buckets: 700)
/// ```
func minMaxDownsample(_ points: [(x: Double, y: Double)], buckets: Int) -> [(x: Double, y: Double)] {
    guard points.count > 2 * buckets, buckets > 0 else { return points }
    var out: [(x: Double, y: Double)] = []
    out.reserveCapacity(2 * buckets)
    for b in 0..<buckets {
        let run = points[(b * points.count / buckets)..<((b + 1) * points.count / buckets)]
        guard var low = run.indices.first else { continue }
        var high = low
        for i in run.indices {
            if points[i].y < points[low].y { low = i }
            if points[i].y > points[high].y { high = i }
        }
        out.append(points[Swift.min(low, high)])
        if low != high { out.append(points[Swift.max(low, high)]) }
    }
    return out
}

/// At most `count` points spread evenly over `points`, always keeping the first and the last.
/// Right for an already smooth line, where min/max buckets would turn leftover ripples into
/// a visible zigzag.
///
/// ```swift
/// let drawn = evenlySpaced((0..<5000).map { (x: Double($0), y: 1 / Double($0 + 1)) }, count: 700)
/// ```
func evenlySpaced(_ points: [(x: Double, y: Double)], count: Int) -> [(x: Double, y: Double)] {
    guard points.count > count, count >= 2 else { return points }
    return (0..<count).map { points[$0 * (points.count - 1) / (count - 1)] }
}

/// The centred moving average of `values` over `window` points; near the ends the window
/// shrinks to the points available, so the smoothed curve starts and ends with the data
/// instead of being pulled towards zero or cut short.
///
/// ```swift
/// movingAverage([1, 2, 3, 4, 5], window: 3)   // [1.5, 2, 3, 4, 4.5]
/// ```
func movingAverage(_ values: [Double], window: Int) -> [Double] {
    guard window > 1, values.count > 1 else { return values }
    var prefix = [0.0]
    prefix.reserveCapacity(values.count + 1)
    for v in values { prefix.append(prefix[prefix.count - 1] + v) }
    let before = (window - 1) / 2, after = window / 2
    return values.indices.map { i in
        let low = Swift.max(0, i - before), high = Swift.min(values.count, i + after + 1)
        return (prefix[high] - prefix[low]) / Double(high - low)
    }
}
