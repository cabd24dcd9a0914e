import Foundation

/// The kinds of value a `train` option takes: how each is read from the command line and from
/// a run's JSON, what the parse error says is expected, what a stored value must satisfy, and
/// how messages show it.
struct ValueKind<T: Equatable & Sendable>: Sendable {
    /// What a parse error says is expected: `an integer from 1 to 100000`.
    let expected: String
    let parse: @Sendable (String) -> T?
    /// Why a stored value is one the command line refuses (`0 is out of range (1...65536)`), or nil.
    var problem: @Sendable (T) -> String? = { _ in nil }
    var text: @Sendable (T) -> String = { "\($0)" }
    let encode: @Sendable (T, inout KeyedEncodingContainer<JSONKey>, JSONKey) throws -> Void
    /// The stored value; nil when the key is absent and not `required`.
    let decode: @Sendable (KeyedDecodingContainer<JSONKey>, JSONKey, _ required: Bool) throws -> T?

    /// `text`, the value of `option` on a command line, parsed.
    func value(_ option: String, _ text: String) throws(TrainOptions.ParseError) -> T {
        guard let value = parse(text) else { throw .invalidValue(option: option, value: text, expected: expected) }
        return value
    }
}

extension ValueKind where T: Codable {
    /// A value stored as itself.
    init(expected: String, parse: @escaping @Sendable (String) -> T?, problem: @escaping @Sendable (T) -> String? = { _ in nil }) {
        self.init(expected: expected, parse: parse, problem: problem,
                  encode: { value, container, key in try container.encode(value, forKey: key) },
                  decode: { container, key, required in
                      if required { return try container.decode(T.self, forKey: key) }
                      return try container.decodeIfPresent(T.self, forKey: key)
                  })
    }
}

extension ValueKind where T == Int {
    /// An integer in `range`: bounded, so no count derived from it can overflow.
    static func count(_ range: ClosedRange<Int>) -> ValueKind {
        ValueKind(expected: "an integer from \(range.lowerBound) to \(range.upperBound)",
                  parse: { Int($0).flatMap { range.contains($0) ? $0 : nil } },
                  problem: { range.contains($0) ? nil : "\($0) is out of range (\(range.lowerBound)...\(range.upperBound))" })
    }
}

extension ValueKind where T == Int? {
    /// An integer in `range`, or nil when not given.
    static func count(_ range: ClosedRange<Int>) -> ValueKind {
        let count = ValueKind<Int>.count(range)
        return ValueKind(expected: count.expected, parse: { count.parse($0).map { .some($0) } }, text: { $0.map(String.init) ?? "none" },
                         encode: { value, container, key in try container.encodeIfPresent(value, forKey: key) },
                         decode: { container, key, _ in .some(try container.decodeIfPresent(Int.self, forKey: key)) })
    }
}

extension ValueKind where T == Double {
    /// A number in `range` that stays finite and non-zero as a Float, the type the models train in.
    static func rate(_ range: ClosedRange<Double>) -> ValueKind {
        ValueKind(expected: "a number in (0, \(range.upperBound == 1 ? "1" : "1e6")], finite and non-zero as a Float",
                  parse: { Double($0).flatMap { TrainOptions.Bounds.isRate($0, in: range) ? $0 : nil } },
                  problem: {
                      TrainOptions.Bounds.isRate($0, in: range) ? nil
                          : "\($0) is out of range (0 excluded to \(String(format: "%g", range.upperBound)), finite and non-zero as a Float)"
                  })
    }

    /// A number in `range`, from 0 (which turns the setting off).
    static func fraction(_ range: ClosedRange<Double>) -> ValueKind {
        ValueKind(expected: "a number from 0 to \(String(format: "%g", range.upperBound))",
                  parse: { Double($0).flatMap { range.contains($0) ? $0 : nil } },
                  problem: {
                      range.contains($0) ? nil
                          : "\($0) is out of range (\(String(format: "%g", range.lowerBound))...\(String(format: "%g", range.upperBound)))"
                  })
    }
}

extension ValueKind where T == Bool {
    /// `on` or `off`, stored as true or false; messages say `on` or `off`, as the command line did.
    static var onOff: ValueKind {
        var kind = ValueKind(expected: "on or off", parse: { $0 == "on" ? true : $0 == "off" ? false : nil })
        kind.text = { $0 ? "on" : "off" }
        return kind
    }
}

extension ValueKind where T == UInt64 {
    static var seed: ValueKind { ValueKind(expected: "a non-negative integer", parse: { UInt64($0) }) }
}

extension ValueKind where T == String? {
    /// A path, stored only when given; messages show `absent` for none.
    static func path(absent: String) -> ValueKind {
        ValueKind(expected: "a path", parse: { $0 }, text: { $0 ?? absent },
                  encode: { value, container, key in try container.encodeIfPresent(value, forKey: key) },
                  decode: { container, key, _ in .some(try container.decodeIfPresent(String.self, forKey: key)) })
    }
}

extension ValueKind where T: RawRepresentable & CaseIterable, T.RawValue == String {
    /// One of the cases, by its raw value; a stored name this version does not know is refused
    /// as the name of something a newer version added.
    static var choice: ValueKind {
        let names = T.allCases.map(\.rawValue).joined(separator: ", ")
        return ValueKind(expected: "one of " + names, parse: { T(rawValue: $0) }, text: { $0.rawValue },
                         encode: { value, container, key in try container.encode(value.rawValue, forKey: key) },
                         decode: { container, key, required in
                             let name: String? = try required ? container.decode(String.self, forKey: key)
                                 : container.decodeIfPresent(String.self, forKey: key)
                             guard let name else { return nil }
                             guard let value = T(rawValue: name) else {
                                 throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription:
                                     "\(key.stringValue) \(name.debugDescription) is not one of \(names) (written by a newer version?)"))
                             }
                             return value
                         })
    }
}
