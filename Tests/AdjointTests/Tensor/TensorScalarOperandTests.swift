import Testing
@testable import Adjoint

// A scalar operand is the kernel's parameter (`UnaryOp.add` ... `.divideInto`), not a
// one-element tensor: each operator must give, bit for bit, what broadcasting the scalar as a
// rank-0 tensor gives, in both operand orders and for both scalar types.

@Suite struct TensorScalarOperandTests {
    static let shapes: [[Int]] = [[], [1], [3, 4], [0, 2]]

    @Test(arguments: shapes)
    func eachOperatorMatchesTheBroadcastScalar(shape: [Int]) {
        let x = random(shape, seed: 11) + 2   // away from 0: `c / x` stays finite
        let c = -0.37
        let scalar = T(c)
        let pairs: [(String, T, T)] = [
            ("x + c", x + c, x.elementwise(.add, scalar, name: "add")),
            ("x - c", x - c, x.elementwise(.subtract, scalar, name: "subtract")),
            ("x * c", x * c, x.elementwise(.multiply, scalar, name: "multiply")),
            ("x / c", x / c, x.elementwise(.divide, scalar, name: "divide")),
            ("c + x", c + x, scalar.elementwise(.add, x, name: "add")),
            ("c - x", c - x, scalar.elementwise(.subtract, x, name: "subtract")),
            ("c * x", c * x, scalar.elementwise(.multiply, x, name: "multiply")),
            ("c / x", c / x, scalar.elementwise(.divide, x, name: "divide")),
        ]
        for (name, fast, broadcast) in pairs {
            #expect(fast.shape == shape, "\(name) for shape \(shape)")
            #expect(fast == broadcast, "\(name) for shape \(shape)")
        }
    }

    @Test func floatOperandsToo() {
        let x = Tensor<Float>([1.5, -2, 3.25], shape: [3])
        #expect((x - Float(0.5)).scalars == [1, -2.5, 2.75])
        #expect((Float(1) - x).scalars == [-0.5, 3, -2.25])
        #expect((Float(3) / x).scalars == [2, -1.5, Float(3) / 3.25])
        #expect((x * Float(2)).scalars == [3, -4, 6.5])
    }
}
