import Foundation
import Testing
@testable import AdjointTraining

/// A flattened map that names no `Linear`, or does not fit it, is the caller's mistake: it stops
/// the program with a message naming the key and the sizes, before any file is read.
@Suite struct PyTorchWeightsExitTests {
    static func standardError(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test func aFlattenedMapOfTheWrongSize() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let model = Sequential<Float>([Flatten(), Linear(12, 2)])
            try? model.savePyTorchStateDict(to: URL(fileURLWithPath: "/dev/null"),
                                            flattenedMaps: ["1": FlattenedMap(channels: 2, height: 2, width: 2)])
        }
        #expect(Self.standardError(result).contains("flattenedMaps gives \"1\" a 2x2x2 map of 8 features, the Linear takes 12"))
    }

    @Test func aFlattenedMapOfNoLinear() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let model = Sequential<Float>([Flatten(), Linear(12, 2)])
            try? model.savePyTorchStateDict(to: URL(fileURLWithPath: "/dev/null"),
                                            flattenedMaps: ["2": FlattenedMap(channels: 3, height: 2, width: 2)])
        }
        #expect(Self.standardError(result).contains("flattenedMaps names \"2\", which is no Linear of the model"))
    }

    @Test func aFlattenedMapOfAConvolution() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let model = Sequential<Float>([Conv2D(inChannels: 1, outChannels: 2, kernel: 3)])
            try? model.savePyTorchStateDict(to: URL(fileURLWithPath: "/dev/null"),
                                            flattenedMaps: ["0": FlattenedMap(channels: 3, height: 2, width: 2)])
        }
        #expect(Self.standardError(result).contains("flattenedMaps names \"0\", a Conv2D<Float>, not a Linear"))
    }
}
