import Foundation
import Testing
@testable import AdjointData

@Suite("Data: the embedded Fashion-MNIST subset")
struct DataEmbeddedTests {
    @Test func trainingSubsetIsTheFirstTenThousandImages() throws {
        let train = try FashionMNIST.load(.train, from: repositoryDataDirectory)
        #expect(train.images.shape == [10_000, 28, 28, 1])
        #expect(Array(train.labels.prefix(10)) == [9, 0, 0, 3, 0, 2, 7, 2, 5, 5])
        #expect(train.classCounts() == [942, 1027, 1016, 1019, 974, 989, 1021, 1022, 990, 1000])
        #expect(train.classNames[train.labels[0]] == "Ankle boot")
        // Pixel sums computed from the original files by an independent decoder.
        #expect(pixelSum(train) == 572_388_787)
        #expect(train[0].image.sum().scalar == 76_247)
        #expect(train.images.max().scalar == 255 && train.images.min().scalar == 0)
    }

    @Test func testSubsetIsTheFirstTwoThousandImages() throws {
        let test = try FashionMNIST.load(.test, from: repositoryDataDirectory)
        #expect(test.count == 2000)
        #expect(Array(test.labels.prefix(10)) == [9, 2, 1, 1, 6, 1, 4, 6, 5, 7])
        #expect(test.classCounts() == [200, 203, 214, 190, 219, 195, 197, 200, 194, 188])
        #expect(pixelSum(test) == 114_763_281)
        #expect(test.images[0, 14, 12, 0] == Float(0x62))
    }

    @Test func subsetFeedsTheWholePipeline() throws {
        // Locating the subset (`FashionMNIST.directory(full:)`) is the command line's job and is
        // tested there; here the repository's Data/ is found from this file.
        let directory = repositoryDataDirectory
        let splits = try DataSplits(training: try FashionMNIST.load(.train, from: directory).scaled(),
                                    test: try FashionMNIST.load(.test, from: directory).scaled(),
                                    trainCount: 9000, validationCount: 1000)
        let norm = ChannelNormalization(fitting: splits.train)
        #expect(abs(norm.mean[0] - 0.286) < 0.01 && abs(norm.std[0] - 0.353) < 0.01)
        let loader = DataLoader(norm.apply(to: splits.train).flattened(), batchSize: 128, seed: 0)
        let first = try #require(Array(loader.epoch(0)).first)
        #expect(first.images.shape == [128, 784])
        #expect(loader.batchCount == 71)
    }
}

/// The exact sum of all pixel values (a float sum would round).
private func pixelSum(_ dataset: Dataset) -> Int {
    dataset.images.withUnsafeBufferPointer { $0.reduce(0) { $0 + Int($1) } }
}
