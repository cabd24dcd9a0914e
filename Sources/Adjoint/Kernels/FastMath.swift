// Vectorised exp, tanh and erf for Float. libm's scalar expf/tanhf/erff cost more than everything
// else in an activation layer; these run 16 lanes at a time with a few ulp of error, which is far
// below Float training noise. Double keeps libm: gradient checks run in Double and want it exact.

typealias FloatVector = SIMD16<Float>

/// e^x for 16 lanes: x = n ln2 + r with |r| <= ln2 / 2, e^r by a degree-6 polynomial, 2^n by
/// writing exponent bits. Inputs are clamped to the range where the result is finite.
/// Only arithmetic, comparisons and bit casts are used: the standard library's generic SIMD
/// helpers (`rounded`, `clamped`, integer conversion) compile to per-lane calls here.
@inline(__always)
func exp16(_ x: FloatVector) -> FloatVector {
    var x = x.replacing(with: -104, where: x .< -104)
    x = x.replacing(with: 88.722_84, where: x .> 88.722_84)
    // Adding 1.5 * 2^23 rounds x / ln2 to an integer n, which then sits in the low mantissa bits.
    let shifted = x * 1.442_695_04 + 12_582_912
    let n = shifted - 12_582_912
    let r = x - n * 0.693_145_75 - n * 1.428_606_8e-6
    var p = FloatVector(repeating: 1.0 / 720)
    p = p * r + 1.0 / 120
    p = p * r + 1.0 / 24
    p = p * r + 1.0 / 6
    p = p * r + 0.5
    p = p * r + 1
    p = p * r + 1
    // 2^n as two factors, so n = 128 (x near the top of the range) does not overflow the exponent.
    let integer = unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- 0x4B40_0000
    let n1 = integer &>> 1
    let n2 = integer &- n1
    let scale1 = unsafeBitCast((n1 &+ 127) &<< 23, to: FloatVector.self)
    let scale2 = unsafeBitCast((n2 &+ 127) &<< 23, to: FloatVector.self)
    return p * scale1 * scale2
}

/// tanh for 16 lanes: `1 - 2 / (e^2|x| + 1)` with the sign restored, and an odd Taylor
/// polynomial near 0 where that form would cancel.
@inline(__always)
func tanh16(_ x: FloatVector) -> FloatVector {
    let bits = unsafeBitCast(x, to: SIMD16<UInt32>.self)
    let a = unsafeBitCast(bits & 0x7FFF_FFFF, to: FloatVector.self)
    let large = 1 - 2 / (exp16(2 * a) + 1)
    let x2 = a * a
    var small = FloatVector(repeating: 1382.0 / 155_925)
    small = small * x2 - 62.0 / 2835
    small = small * x2 + 17.0 / 315
    small = small * x2 - 2.0 / 15
    small = small * x2 + 1.0 / 3
    small = a - a * x2 * small
    let magnitude = small.replacing(with: large, where: a .>= 0.3)
    let signed = unsafeBitCast(magnitude, to: SIMD16<UInt32>.self) | (bits & 0x8000_0000)
    return unsafeBitCast(signed, to: FloatVector.self)
}

/// erf for 16 lanes: Eigen's and XLA's odd rational approximation `x P(x²) / Q(x²)` on x clamped
/// to [-4, 4], beyond which erf rounds to ±1 in Float; within 5e-7 of libm's erff.
@inline(__always)
func erf16(_ x: FloatVector) -> FloatVector {
    var x = x.replacing(with: -4, where: x .< -4)
    x = x.replacing(with: 4, where: x .> 4)
    let x2 = x * x
    var p = FloatVector(repeating: -2.726_142_258_013_06e-10)
    p = p * x2 + 2.770_681_424_959_02e-08
    p = p * x2 - 2.101_024_020_825_08e-06
    p = p * x2 - 5.692_506_394_623_46e-05
    p = p * x2 - 7.349_906_303_268_55e-04
    p = p * x2 - 2.954_599_808_540_25e-03
    p = p * x2 - 1.609_603_332_624_15e-02
    var q = FloatVector(repeating: -1.456_607_184_649_96e-05)
    q = q * x2 - 2.133_740_552_789_05e-04
    q = q * x2 - 1.682_826_974_382_03e-03
    q = q * x2 - 7.373_329_167_204_68e-03
    q = q * x2 - 1.426_473_905_141_89e-02
    return x * p / q
}

/// Applies a 16-lane function to `count` floats, the tail through a padded vector.
@inline(__always)
func mapFloat16(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int,
                _ f: (FloatVector) -> FloatVector) {
    var i = 0
    while i + 16 <= count {
        let v = UnsafeRawPointer(x + i).loadUnaligned(as: FloatVector.self)
        UnsafeMutableRawPointer(out + i).storeBytes(of: f(v), as: FloatVector.self)
        i += 16
    }
    if i < count {
        var v = FloatVector()
        for l in 0..<(count - i) { v[l] = x[i + l] }
        let r = f(v)
        for l in 0..<(count - i) { out[i + l] = r[l] }
    }
}
