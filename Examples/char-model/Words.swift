import AdjointCommandLine
import Foundation

/// The word list in `Data/words.txt` as character sequences: id 0 is the end mark `.`, 1...26
/// the letters. A word is `.` + letters in and letters + `.` out, padded to `context`
/// positions whose targets are `ignored`.
struct Words {
    static let vocabulary = 27
    static let context = 16
    static let ignored = -1

    let train: [String]
    let heldOut: [String]

    /// A tenth of the words held out, chosen by the permutation of a generator seeded with 0
    /// (`Examples/peers/char_model.py` draws the same one).
    init(directory: String) throws {
        let path = directory + "/words.txt"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let words = text.split(separator: "\n").map(String.init)
        for (line, word) in words.enumerated() where word.isEmpty || word.count >= Self.context
            || !word.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) }) {
            throw CharModelError.badWord(path: path, line: line + 1)
        }
        var rng = SeededGenerator(seed: 0)
        let order = rng.permutation(words.count)
        let held = words.count / 10
        heldOut = order[..<held].map { words[$0] }
        train = order[held...].map { words[$0] }
    }

    /// The inputs `(N, context)` and targets of `words`.
    static func encode(_ words: [String]) -> (inputs: [[Int]], targets: [[Int]]) {
        var inputs: [[Int]] = [], targets: [[Int]] = []
        for word in words {
            let ids = word.unicodeScalars.map { Int($0.value) - 96 }
            inputs.append([0] + ids + Array(repeating: 0, count: context - ids.count - 1))
            targets.append(ids + [0] + Array(repeating: ignored, count: context - ids.count - 1))
        }
        return (inputs, targets)
    }

    static func character(_ id: Int) -> Character { id == 0 ? "." : Character(UnicodeScalar(UInt8(96 + id))) }
}

enum CharModelError: Error, CustomStringConvertible {
    case badWord(path: String, line: Int)
    case usage(String)

    var description: String {
        switch self {
        case let .badWord(path, line): "\(path):\(line): not a word of 1 to 15 letters a-z"
        case let .usage(message): message
        }
    }
}
