import Foundation
import Testing
@testable import AdjointData
@testable import AdjointNN
@testable import AdjointTraining

/// Inputs that crashed a reader before it was fixed, kept exactly as found.
///
/// A crash the fuzzer finds goes here as its exact bytes, or as its reader, seed and case
/// number (`fuzzInput(reader:number:seeds:json:firstSeed:)` rebuilds it). The fuzzer has found none
/// so far; the first two were found by reading the readers' arithmetic while writing it: in both,
/// a size of 0 hid an overflow of the other sizes from the reader's check, and the program
/// trapped later without a message. The scheduler states were found by reading the restores
/// while writing the metadata-json target.
@Suite struct FuzzRegressionTests {
    @Test func anIDXImagesFileWithZeroImagesOfAnOverflowingSize() throws {
        // 0 images of 4294967295 x 4294967295: the element count is 0, but Dataset multiplies the image shape.
        let images: [UInt8] = [0, 0, 8, 3, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        let labels: [UInt8] = [0, 0, 8, 1, 0, 0, 0, 0]
        let error = try #require(throws: DataError.self) {
            try IDX.dataset(images: (images, "images-idx3-ubyte", false), labels: (labels, "labels-idx1-ubyte", false),
                            classNames: FashionMNIST.classNames)
        }
        #expect(error.description == "images-idx3-ubyte: byte 12: bad header: dimension sizes [0, 4294967295, 4294967295] overflow the element count")
    }

    @Test func aSafetensorsShapeWithAZeroAfterAnOverflowingProduct() throws {
        // The old check saturated at Int.max and then multiplied by the 0, accepting 0 bytes; the tensor then trapped.
        for shape in ["[4611686018427387904, 4, 0]", "[0, 4611686018427387904, 4]", "[3037000500, 3037000500]"] {
            let header = Array("{\"x\": {\"dtype\": \"F32\", \"shape\": \(shape), \"data_offsets\": [0, 0]}}".utf8)
            let file = littleEndian32(UInt32(header.count)) + [0, 0, 0, 0] + header
            let error = try #require(throws: SafeTensorsError.self) { try SafeTensors.decode(Data(file), file: "huge.safetensors") }
            #expect(error.description == "checkpoint huge.safetensors: malformed JSON header: tensor \"x\": shape \(shape) has more elements than Int can count")
        }
    }

    @Test func schedulerStatesThatRestoredAndTrappedOrBrokeTheMessage() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("scheduler.safetensors")
        let model = Linear<Float>(2, 2)
        let schedule = OneCycleLR(optimizer: SGD(model.parameters, learningRate: 0.1), maxLR: 0.1, totalSteps: 10)
        try Checkpoint.save(model: model, scheduler: schedule, to: url)
        let saved = try SafeTensors.read(from: url)
        let state = #"{"baseRates":[0.004],"children":[],"counters":{},"lastRates":[0.004],"#
        // Step 11 of 10 restored, and the next step trapped; a name with a line break made a two-line message.
        for (text, message) in [(state + #""name":"OneCycleLR","stepCount":11}"#, "step count 11 is past the 10 total steps of OneCycleLR"),
                                (state + #""name":"One\nCycleLR","stepCount":1}"#, #"a "One\nCycleLR" state, the scheduler is a OneCycleLR"#)] {
            var metadata = saved.metadata
            metadata[Checkpoint.schedulerKey] = text
            try SafeTensors.write(saved.tensors, metadata: metadata, checksums: true, to: url)
            let error = try #require(throws: CheckpointError.self) { try Checkpoint.load(from: url, into: model, scheduler: schedule) }
            #expect(error.description == "checkpoint \(url.path): scheduler state: \(message)")
            #expect(schedule.stepCount == 0)
        }
    }
}
