import Foundation

/// A fast, seedable random number generator: xoshiro256** seeded through SplitMix64.
///
/// Both algorithms are public and fully specified (Blackman and Vigna), so a seed gives the
/// same numbers on every run and machine. Pass it explicitly to anything random.
///
/// ```swift
/// var rng = SeededGenerator(seed: 42)
/// let w = Tensor<Float>.randn([3, 4], using: &rng)
/// ```
public struct SeededGenerator: RandomNumberGenerator, Sendable, Codable, Equatable {
    // Four words in fields, not an array: `next()` runs per random number.
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// The generator's whole state (four words); saving and restoring it resumes the exact sequence.
    ///
    /// ```swift
    /// let saved = rng.state
    /// let u = rng.nextUniform()
    /// rng.state = saved   // the next rng.nextUniform() returns u again
    /// ```
    public var state: [UInt64] {
        get { [s0, s1, s2, s3] }
        set {
            check(newValue.count == 4, "SeededGenerator.state: needs 4 words, got \(newValue.count)")
            (s0, s1, s2, s3) = (newValue[0], newValue[1], newValue[2], newValue[3])
        }
    }

    /// A generator whose four words of state are SplitMix64's first outputs from `seed`: the same
    /// seed always gives the same sequence.
    public init(seed: UInt64) {
        var s = seed
        func splitMix() -> UInt64 {
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        (s0, s1, s2, s3) = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// The next 64 random bits (xoshiro256**); `RandomNumberGenerator`'s requirement, so the
    /// standard library's `random(in:using:)` and `shuffled(using:)` accept the generator.
    ///
    /// ```swift
    /// let bits: UInt64 = rng.next()
    /// let k = Int.random(in: 0..<10, using: &rng)
    /// ```
    public mutating func next() -> UInt64 {
        let result = rotate(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotate(s3, 45)
        return result
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform double in [0, 1) from the top 53 bits.
    ///
    /// ```swift
    /// let u = rng.nextUniform()   // 0 <= u < 1
    /// ```
    public mutating func nextUniform() -> Double { nextUniform(Double.self) }

    /// A uniform sample in [0, 1) made from as many top bits as `S` represents exactly.
    /// Converting a `Double` sample instead could round up to 1 (for `Float`, about once in
    /// 2^25 draws).
    ///
    /// ```swift
    /// let u: Float = rng.nextUniform(Float.self)   // < 1, always
    /// ```
    public mutating func nextUniform<S: BinaryFloatingPoint>(_ type: S.Type) -> S {
        let bits = S.significandBitCount + 1
        return S(next() >> UInt64(64 - bits)) * S(sign: .plus, exponent: S.Exponent(-bits), significand: 1)
    }

    /// A uniformly random integer in `0..<bound` (Lemire's multiply-shift; bias below 2^-64 * bound).
    ///
    /// ```swift
    /// let label = rng.nextInt(below: 10)   // 0...9
    /// ```
    public mutating func nextInt(below bound: Int) -> Int {
        Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A random permutation of `0..<count` by Fisher-Yates, spelled out here rather than taken
    /// from the standard library so the order is the same with every Swift version.
    ///
    /// ```swift
    /// let order = rng.permutation(5)   // 0..<5 shuffled, e.g. [3, 0, 4, 1, 2]
    /// ```
    public mutating func permutation(_ count: Int) -> [Int] {
        var order = Array(0..<count)
        for i in stride(from: count - 1, to: 0, by: -1) { order.swapAt(i, nextInt(below: i + 1)) }
        return order
    }

    /// A standard normal sample (Box-Muller; one sample per call so the stream is simple to reproduce).
    ///
    /// ```swift
    /// let z = rng.nextNormal()   // mean 0, standard deviation 1
    /// ```
    public mutating func nextNormal() -> Double {
        let u1 = 1 - nextUniform()   // (0, 1], so the log is finite
        let u2 = nextUniform()
        return (-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2)
    }
}

// Foundation's functions by a name the generic code's own `log` and `cos` methods cannot shadow.
@inline(__always) private func _log(_ x: Double) -> Double { Foundation.log(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Foundation.cos(x) }
