import Testing
@testable import AdjointNN

// Tensors from nested arrays (rank 2, 3 and 4, row-major) and conversion between scalar types.

@Suite struct TensorConstruction {
    @Test func matrixFromRows() {
        let t = Tensor<Double>([[1, 2, 3], [4, 5, 6]])
        #expect(t.shape == [2, 3])
        #expect(t == Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3]))
        #expect(t[1, 0] == 4)
        #expect(Tensor<Float>([[7]]).shape == [1, 1])
    }

    @Test func rankThreeAndFourAreRowMajor() {
        let planes = Tensor<Double>([[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]])
        #expect(planes.shape == [2, 3, 2])
        #expect(planes.scalars == (1...12).map(Double.init))
        #expect(planes[1, 2, 0] == 11)
        let image = Tensor<Float>([[[[0], [1]], [[1], [0]]]])
        #expect(image.shape == [1, 2, 2, 1])
        #expect(image.scalars == [0, 1, 1, 0])
        let blocks = Tensor<Double>([[[[1, 2, 3]], [[4, 5, 6]]], [[[7, 8, 9]], [[10, 11, 12]]]])
        #expect(blocks.shape == [2, 2, 1, 3])
        #expect(blocks == Tensor<Double>(linspace: 1, 12, count: 12).reshaped([2, 2, 1, 3]))
    }

    @Test func nestedArraysFeedLayers() {
        // A 1x3 horizontal difference kernel written as (kh, kw, inC, outC) nested arrays.
        let kernel = Tensor<Double>([[[[1]], [[0]], [[-1]]]])
        #expect(kernel.shape == [1, 3, 1, 1])
        let conv = Conv2D(weight: kernel, bias: .zeros([1]))
        #expect(conv(Tensor<Double>([[[[1], [2], [4], [8]]]])).value.scalars == [-3, -6])
    }

    @Test func floatToDoubleIsExactAndBack() {
        let float = Tensor<Float>([[0.1, -2.5], [1e-3, 3e7]])
        let double = Tensor<Double>(float)
        #expect(double.shape == [2, 2])
        #expect(double.scalars == float.scalars.map(Double.init))
        #expect(double.scalars[0] != 0.1)   // the Float's value, not the decimal literal
        #expect(Tensor<Float>(double) == float)
    }

    @Test func doubleToFloatRoundsToNearest() {
        let double = Tensor<Double>([1.0 / 3, 1 + 1e-12, -0.0])
        let float = Tensor<Float>(double)
        #expect(float.scalars == [Float(1.0 / 3), 1, -0])
        #expect(float.scalars[2].sign == .minus)
        // Converting to the same type keeps the tensor as it is.
        #expect(Tensor<Double>(double) == double)
    }
}
