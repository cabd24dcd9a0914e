import Foundation
import Testing
@testable import AdjointTraining

/// Typed checkpoint metadata reads back exactly as written, strings stay plain strings in the
/// header, older checkpoints' metadata reads back as strings, and hostile metadata is refused
/// with a one-line error.
@Suite struct CheckpointMetadataTests {
    let model = Linear<Float>(3, 2)

    func url() throws -> URL { try makeTemporaryDirectory().appendingPathComponent("m.safetensors") }

    /// A checkpoint of the model whose header holds `metadata` as given, checksums recomputed.
    func checkpoint(withHeader metadata: [String: String]) throws -> URL {
        let url = try url()
        try Checkpoint.save(model: model, to: url)
        let file = try SafeTensors.read(from: url)
        var header = file.metadata
        header.removeValue(forKey: "checksums")
        header.merge(metadata) { $1 }
        try SafeTensors.write(file.tensors, metadata: header, checksums: true, to: url)
        return url
    }

    static let typed: [String: MetadataValue] = [
        "epochs": 10, "note": "x", "tags": ["a", "b"], "augment": true, "off": false, "empty": [], "none": [:],
        "lr": 3e-4, "tenth": 0.1, "third": .double(1.0 / 3), "tiny": .double(5e-324), "huge": .double(1.7976931348623157e308),
        "whole": 2.0, "negative zero": .double(-0.0), "big": .integer(Int.max), "small": .integer(Int.min),
        "text": "quote \" backslash \\ newline \n tab \t bell \u{07} é 😀", "number text": "10",
        "nested": ["shape": [28, 28, 1], "mean": [0.1307], "deep": [[["x": [1, 2.5, "y", true]]]]],
    ]

    @Test func typedValuesReadBackAsWritten() throws {
        let url = try url()
        try Checkpoint.save(model: model, metadata: Self.typed, to: url)
        let read = try Checkpoint.metadata(at: url)
        #expect(read == Self.typed)
        if case let .double(zero)? = read["negative zero"] { #expect(zero.sign == .minus) } else { Issue.record("negative zero") }
        let header = try SafeTensors.open(url).metadata
        #expect(header["note"] == "x" && header["number text"] == "10" && header["text"] == "quote \" backslash \\ newline \n tab \t bell \u{07} é 😀")
        #expect(header["epochs"] == "10" && header["tags"] == "[\"a\",\"b\"]" && header["whole"] == "2.0")
        #expect(try Checkpoint.load(from: url, into: Linear<Float>(3, 2)) == Self.typed)
    }

    @Test func nonFiniteDoublesReadBackAsWritten() throws {
        let url = try url()
        try Checkpoint.save(model: model, metadata: ["values": [.double(.nan), .double(.infinity), .double(-.infinity)]], to: url)
        #expect(try SafeTensors.open(url).metadata["values"] == "[NaN,Infinity,-Infinity]")
        guard case let .array(values)? = try Checkpoint.metadata(at: url)["values"], values.count == 3,
              case let .double(nan) = values[0] else { Issue.record("not an array of doubles"); return }
        #expect(nan.isNaN && values[1] == .double(.infinity) && values[2] == .double(-.infinity))
    }

    /// Metadata an older build wrote (strings, no list of typed keys) reads back as strings,
    /// JSON-looking ones too; the checkpoint's own keys are left out.
    @Test func olderMetadataReadsBackAsStrings() throws {
        let url = try checkpoint(withHeader: ["run": "{\"epochs\": 3}", "count": "10"])
        #expect(try Checkpoint.metadata(at: url) == ["run": "{\"epochs\": 3}", "count": "10"])
        let strings: [String: String] = ["run": "{}"]
        try Checkpoint.save(model: model, metadata: strings, to: url)
        #expect(try Checkpoint.metadata(at: url) == ["run": "{}"])
    }

    @Test func reservedKeysAreRefused() throws {
        for key in ["format", "dtype", "checksums", "trainer.epoch", "rng.x", "optimizer.step", "scheduler.state", "metadata.typed"] {
            #expect(throws: CheckpointError.self) { try Checkpoint.save(model: model, metadata: [key: 1], to: try url()) }
        }
    }

    @Test(arguments: [
        ("[\"a\"", "is not a JSON value: expected , or ] at byte 4"),
        ("{\"k\": 1, \"k\": 2}", "is not a JSON value: repeated key \"k\" at byte 9"),
        ("1e999", "is not a JSON value: \"1e999\" is not a finite number at byte 5"),
        ("99999999999999999999", "is not a JSON value: \"99999999999999999999\" is not an integer of 64 bits at byte 20"),
        ("\"\\ud800\"", "is not a JSON value: a lone high surrogate at byte 7"),
        ("tru", "is not a JSON value: unexpected character at byte 0"),
        (String(repeating: "[", count: 100_000), "is not a JSON value: nesting deeper than 64 at byte 65"),
    ])
    func hostileValuesAreRefused(text: String, problem: String) throws {
        let url = try checkpoint(withHeader: ["bad": text, "metadata.typed": "[\"bad\"]"])
        #expect(throws: CheckpointError(file: url.path, problem: .invalidContent("metadata \"bad\": " + problem))) {
            try Checkpoint.metadata(at: url)
        }
        #expect(throws: CheckpointError.self) { try Checkpoint.load(from: url, into: Linear<Float>(3, 2)) }
    }

    @Test(arguments: ["not json", "[1]", "[\"missing\"]", "[\"format\"]", "{\"bad\": 1}"])
    func hostileTypedKeyListsAreRefused(list: String) throws {
        let url = try checkpoint(withHeader: ["bad": "1", "metadata.typed": list])
        #expect(throws: CheckpointError.self) { try Checkpoint.metadata(at: url) }
    }
}
