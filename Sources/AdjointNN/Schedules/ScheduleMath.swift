// The C library's cos and pow, which Python's math module and PyTorch's schedulers call, without
// Foundation (AdjointNN does not import it).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The cosine of `x` radians.
@inline(__always) func cosine(_ x: Double) -> Double { cos(x) }

/// `x` to the power `y`.
@inline(__always) func power(_ x: Double, _ y: Double) -> Double { pow(x, y) }
