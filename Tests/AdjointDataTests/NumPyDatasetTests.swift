import Foundation
import Testing
@testable import AdjointData

@Suite struct NumPyDatasetTests {
    @Test func tensorDatasetFromArrays() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let x = directory.file("x.npy"), y = directory.file("y.npy"), labels = directory.file("labels.npy")
        let sequences = directory.file("sequences.npy"), short = directory.file("short.npy")
        try NPY.write(NumPyArray(shape: [3, 2], storage: .double([0, 1, 2, 3, 4, 5])), to: x)
        try NPY.write(NumPyArray(shape: [3, 1], storage: .float([10, 20, 30])), to: y)
        try NPY.write(NumPyArray(indices: [2, 0, 1], shape: [3]), to: labels)
        try NPY.write(NumPyArray(indices: [1, 2, 3, 4, 5, 6], shape: [3, 2]), to: sequences)
        try NPY.write(NumPyArray(indices: [1, 2], shape: [2]), to: short)

        let regression = try TensorDataset<Tensor<Float>, Tensor<Float>>(npy: x, targets: y)
        #expect(regression.inputs.shape == [3, 2] && regression.inputs.scalars == [0, 1, 2, 3, 4, 5])
        #expect(regression.targets.scalars == [10, 20, 30])
        let classified = try TensorDataset<Tensor<Double>, [Int]>(npy: x, targets: labels)
        #expect(classified.targets == [2, 0, 1] && classified.inputs.scalars == [0, 1, 2, 3, 4, 5])
        let sequenced = try TensorDataset<Tensor<Float>, [[Int]]>(npy: x, targets: sequences)
        #expect(sequenced.targets == [[1, 2], [3, 4], [5, 6]])

        let counts = dataError { _ = try TensorDataset<Tensor<Float>, [Int]>(npy: x, targets: short) }
        #expect(counts?.path == short && counts?.description.contains("2 targets but 3 samples") == true)
        let floatLabels = dataError { _ = try TensorDataset<Tensor<Float>, [Int]>(npy: x, targets: y) }
        #expect(floatLabels?.path == y && floatLabels?.description.contains("indices need an integer array") == true)
        let flatSequences = dataError { _ = try TensorDataset<Tensor<Float>, [[Int]]>(npy: x, targets: labels) }
        #expect(flatSequences?.description.contains("2-D integer array") == true)
    }

    @Test func imageDatasetFromArrays() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let images = directory.file("images.npy"), labels = directory.file("labels.npy"), bad = directory.file("bad.npy")
        try NPY.write(NumPyArray(indices: Array(0..<12), shape: [3, 2, 2]), to: images)
        try NPY.write(NumPyArray(indices: [0, 1, 1], shape: [3]), to: labels)
        try NPY.write(NumPyArray(indices: [0, 2, 1], shape: [3]), to: bad)
        let data = try Dataset(npyImages: images, labels: labels, classNames: ["a", "b"])
        #expect(data.images.shape == [3, 2, 2, 1] && data.labels == [0, 1, 1])
        #expect(data[2].image.scalars == [8, 9, 10, 11])
        let outOfRange = dataError { _ = try Dataset(npyImages: images, labels: bad, classNames: ["a", "b"]) }
        #expect(outOfRange?.reason == .labelOutOfRange(label: 2, classes: 2) && outOfRange?.path == bad)
        let flat = dataError { _ = try Dataset(npyImages: labels, labels: labels, classNames: ["a", "b"]) }
        #expect(flat?.description.contains("(N, H, W) or (N, H, W, C)") == true)
    }
}
