import Foundation
import Testing
@testable import AdjointTraining

// Seeded mutation fuzzing: each case starts from a valid seed file, applies a few random
// mutations, and hands the bytes to a reader, which must return or throw its typed error.
// A crash (a trap, or a `check` that stops the program) kills the test process and so fails
// the run; an untyped error is recorded as an issue; each test has a time limit, so a hang
// fails too.
//
// The readers (each a test named by its reader string): gzip, idx, cifar, safetensors, npy,
// npz and checkpoint (`Checkpoint.load`) in ReaderFuzzTests, with checkpoint-groups (a
// checkpoint's per-group optimiser state below valid checksums); pytorch-weights
// (`Module.loadPyTorchStateDict`, PyTorch's dtypes widened) in PyTorchWeightsFuzzTests; and
// metadata-json (typed metadata values, the `metadata.typed` list and scheduler states, as JSON
// mutated by `JSONMutator`, to the parser and in a checkpoint) in MetadataJSONFuzzTests.
//
// Environment:
//   ADJOINT_FUZZ_CASES=N   total cases over the ten readers (default 30,000, well under a minute in
//                          a debug build), split in the default proportions.
//   ADJOINT_FUZZ_SEED=S    the first case seed (default 0), to explore other cases in a long run.
//   ADJOINT_FUZZ_TRACE=1   prints each case's reader, seed and case number before running it, so
//                          the case that crashed the process is the last line printed.
//   ADJOINT_FUZZ_METADATA_CASES=N   cases of `CheckpointMetadataFuzzTests` (default 1,000), which
//                          mutates values rather than bytes and so is not part of the split above.
// A case is reproduced from its reader, seed and number alone (see `FuzzRegressionTests`).

/// The fuzzing settings from the environment.
enum FuzzSettings {
    static let environment = ProcessInfo.processInfo.environment
    static let defaultTotal = 30_000
    static let total = environment["ADJOINT_FUZZ_CASES"].flatMap { Int($0) }.map { max($0, 0) } ?? defaultTotal
    static let firstSeed = environment["ADJOINT_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0
    static let trace = environment["ADJOINT_FUZZ_TRACE"] == "1"

    /// Each fuzz test's time limit: two minutes for the default run (a hang fails it), more
    /// for a long one.
    static var timeLimit: TimeLimitTrait { .timeLimit(.minutes(2 + total / 10_000)) }

    /// A reader's share of the cases: `defaultCases` of the default total, scaled.
    static func cases(_ defaultCases: Int) -> Int {
        Int((Double(total) * Double(defaultCases) / Double(defaultTotal)).rounded(.up))
    }
}

/// Applies random mutations to a byte string: what damaged or hostile files look like.
struct Mutator {
    /// Byte values that often hit edge cases: zero, all ones, sign boundaries, one.
    static let interestingBytes: [UInt8] = [0x00, 0xFF, 0x7F, 0x80, 0x01]
    /// Values for length and count fields: zero, one, sign and width boundaries.
    static let interestingWords: [UInt64] = [0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x1_0000,
                                             0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x1_0000_0000,
                                             0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, .max]
    /// Replacements for a decimal number in JSON text (offsets, shapes, counts in metadata).
    static let interestingNumbers = ["0", "1", "-1", "7", "65536", "4294967295", "4294967296",
                                     "9007199254740993", "9223372036854775807", "9223372036854775808",
                                     "18446744073709551615", "99999999999999999999999", "1e300", "2.5", "-0"]

    var rng: SeededGenerator

    /// One to four mutations of `bytes`.
    mutating func mutate(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<(1 + rng.nextInt(below: 4)) { mutateOnce(&bytes) }
        return bytes
    }

    private mutating func position(in bytes: [UInt8]) -> Int { rng.nextInt(below: max(bytes.count, 1)) }

    private mutating func mutateOnce(_ bytes: inout [UInt8]) {
        switch rng.nextInt(below: 9) {
        case 0 where !bytes.isEmpty:   // flip one bit
            let i = position(in: bytes)
            bytes[i] ^= 1 << UInt8(rng.nextInt(below: 8))
        case 1 where !bytes.isEmpty:   // set a byte to an interesting value
            bytes[position(in: bytes)] = Mutator.interestingBytes[rng.nextInt(below: Mutator.interestingBytes.count)]
        case 2:                        // truncate
            bytes.removeLast(rng.nextInt(below: bytes.count + 1))
        case 3 where !bytes.isEmpty:   // duplicate a range in place
            let start = position(in: bytes)
            let end = min(bytes.count, start + 1 + rng.nextInt(below: 64))
            bytes.insert(contentsOf: bytes[start..<end], at: position(in: bytes))
        case 4:                        // insert random bytes
            let count = 1 + rng.nextInt(below: 16)
            bytes.insert(contentsOf: (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) },
                         at: rng.nextInt(below: bytes.count + 1))
        case 5 where !bytes.isEmpty:   // delete a range
            let start = position(in: bytes)
            bytes.removeSubrange(start..<min(bytes.count, start + 1 + rng.nextInt(below: 32)))
        case 6 where bytes.count >= 8: // overwrite a length field: 2, 4 or 8 bytes, either byte order
            let width = [2, 4, 8][rng.nextInt(below: 3)]
            let start = rng.nextInt(below: bytes.count - width + 1)
            var value = Mutator.interestingWords[rng.nextInt(below: Mutator.interestingWords.count)]
            if rng.nextInt(below: 4) == 0 { value = UInt64(bytes.count - start) &+ UInt64(rng.nextInt(below: 3)) &- 1 }
            let bigEndian = rng.nextInt(below: 2) == 0
            for k in 0..<width {
                let shift = UInt64(8 * (bigEndian ? width - 1 - k : k))
                bytes[start + k] = UInt8(truncatingIfNeeded: value >> shift)
            }
        case 7:                        // replace a decimal number (JSON headers) with an interesting one
            let digits = bytes.indices.filter { bytes[$0] >= 0x30 && bytes[$0] <= 0x39 && ($0 == 0 || !(0x30...0x39).contains(bytes[$0 - 1])) }
            guard !digits.isEmpty else { return mutateOnce(&bytes) }
            let start = digits[rng.nextInt(below: digits.count)]
            var end = start
            while end < bytes.count, (0x30...0x39).contains(bytes[end]) { end += 1 }
            let replacement = Mutator.interestingNumbers[rng.nextInt(below: Mutator.interestingNumbers.count)]
            bytes.replaceSubrange(start..<end, with: Array(replacement.utf8))
        default:                       // a mutation that did not apply to these bytes: try another
            if bytes.isEmpty { bytes = [UInt8(truncatingIfNeeded: rng.next())] } else { mutateOnce(&bytes) }
        }
    }
}

/// What a fuzz run saw.
struct FuzzSummary: CustomStringConvertible {
    let reader: String
    var cases = 0
    var accepted = 0
    var refused = 0
    var slowest: Duration = .zero
    var slowestCase = 0
    /// The messages of the refusals, a sample to check they are one line each.
    var messages: [String] = []

    var description: String {
        "fuzz \(reader): \(cases) cases, \(accepted) read, \(refused) refused with a typed error, slowest case \(slowestCase) took \(slowest)"
    }
}

/// The generator of case `number` of `reader`: reproducible on its own, whatever ran before.
func caseGenerator(reader: String, number: Int, firstSeed: UInt64 = FuzzSettings.firstSeed) -> SeededGenerator {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325   // FNV-1a, so each reader gets its own stream
    for byte in reader.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
    return SeededGenerator(seed: hash ^ (firstSeed &* 0x9E37_79B9_7F4A_7C15) &+ UInt64(number))
}

/// The input of case `number`: a seed picked and mutated by the case's generator, with
/// `JSONMutator` when the seeds are JSON text.
func fuzzInput(reader: String, number: Int, seeds: [[UInt8]], json: Bool = false,
               firstSeed: UInt64 = FuzzSettings.firstSeed) -> (seed: Int, bytes: [UInt8]) {
    if json {
        var mutator = JSONMutator(rng: caseGenerator(reader: reader, number: number, firstSeed: firstSeed))
        let seed = mutator.byteMutator.rng.nextInt(below: seeds.count)
        return (seed, mutator.mutate(seeds[seed]))
    }
    var mutator = Mutator(rng: caseGenerator(reader: reader, number: number, firstSeed: firstSeed))
    let seed = mutator.rng.nextInt(below: seeds.count)
    return (seed, mutator.mutate(seeds[seed]))
}

/// Runs `cases` mutated seeds (JSON text when `json`) through `read`. `read` returns normally
/// when the reader accepted the bytes; a thrown error must satisfy `isTyped` (the reader's own
/// error type).
func fuzz(_ reader: String, seeds: [[UInt8]], json: Bool = false, cases: Int,
          read: (_ bytes: [UInt8], _ seed: Int) throws -> Void, isTyped: (any Error) -> Bool) -> FuzzSummary {
    fuzz(reader, cases: cases, input: { fuzzInput(reader: reader, number: $0, seeds: seeds, json: json) }, read: read, isTyped: isTyped)
}

/// Runs the `cases` inputs `input` makes from a case number through `read`, as above.
func fuzz(_ reader: String, cases: Int, input: (_ number: Int) -> (seed: Int, bytes: [UInt8]),
          read: (_ bytes: [UInt8], _ seed: Int) throws -> Void, isTyped: (any Error) -> Bool) -> FuzzSummary {
    var summary = FuzzSummary(reader: reader)
    let clock = ContinuousClock()
    for number in 0..<cases {
        let (seed, bytes) = input(number)
        if FuzzSettings.trace { print("fuzz \(reader) seed \(FuzzSettings.firstSeed) case \(number)") }
        let start = clock.now
        do {
            try read(bytes, seed)
            summary.accepted += 1
        } catch {
            if isTyped(error) {
                summary.refused += 1
                if summary.messages.count < 200 { summary.messages.append("\(error)") }
            } else {
                Issue.record("fuzz \(reader) case \(number): untyped error \(type(of: error)): \(error)")
            }
        }
        let elapsed = clock.now - start
        if elapsed > summary.slowest { (summary.slowest, summary.slowestCase) = (elapsed, number) }
        summary.cases += 1
    }
    print(summary)
    return summary
}
