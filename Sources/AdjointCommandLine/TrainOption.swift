/// One option of `train`, with everything the command does with it: how the command line
/// spells and parses it, its help, its default under each model's recipe, how a run stores
/// it, what `--resume` does when it is given again, and its row on the run page.
/// ``TrainOptions/table`` lists them all, so adding an option is a field of ``TrainOptions``
/// and one entry there.
package struct TrainOption: Sendable {
    /// What `train --resume` does with the option when the command line gives it.
    package enum OnResume: Sendable {
        /// The run keeps its stored value and refuses a different one.
        case kept
        /// The value given applies: to the resumed run when stored (`--epochs`), to this
        /// process otherwise (`--threads`).
        case allowed
        /// Refused whatever its value (`--overwrite`).
        case refused
    }

    /// How the option sits in a run's stored JSON (the checkpoint's `run` metadata).
    struct Storage: Sendable {
        /// The JSON key.
        let key: String
        let encode: @Sendable (TrainOptions, inout KeyedEncodingContainer<JSONKey>) throws -> Void
        /// Reads the value into the options; a value of an unknown kind or the wrong type throws
        /// a `DecodingError` that names it.
        let decode: @Sendable (KeyedDecodingContainer<JSONKey>, inout TrainOptions) throws -> Void
        /// Why the stored value is one no command line could give (`batchSize 0 is out of range
        /// (1...65536)`), or nil.
        let problem: @Sendable (TrainOptions) -> String?
    }

    /// A row of the run page's "What ran" table: its name and its text for a run that trained
    /// `epochs` epochs so far.
    typealias Row = (name: String, text: @Sendable (_ settings: RunSettings, _ epochs: Int) -> String)

    /// The spelling, `--lr`.
    package let flag: String
    /// Other spellings, `-h`.
    let aliases: [String]
    /// The value's name in the usage (`N`, `X`, `DIR`); nil for a switch, which takes none.
    let placeholder: String?
    /// The usage's text, one element per line.
    let help: [String]
    package let onResume: OnResume
    /// Sets the option from its value on the command line (nil for a switch).
    let set: @Sendable (inout TrainOptions, String?) throws(TrainOptions.ParseError) -> Void
    /// Whether two sets of options agree on this one.
    let same: @Sendable (TrainOptions, TrainOptions) -> Bool
    /// The value as messages show it.
    let text: @Sendable (TrainOptions) -> String
    /// Copies the option from the first options into the second.
    let copy: @Sendable (TrainOptions, inout TrainOptions) -> Void
    /// Sets the option to the model's recipe default; nil when the recipes leave it alone.
    let recipe: (@Sendable (inout TrainOptions) -> Void)?
    /// nil for an option a run does not store (`--out`, `--threads`).
    let storage: Storage?
    let row: Row?
}

extension TrainOption {
    /// An option that takes a value of `kind`, held at `path`; `stored` is its JSON key, with
    /// `legacy` the value of a run saved before it existed (nil: the key is required). With
    /// `omittingLegacy`, a run at the legacy value does not write the key, so it stores the
    /// very bytes of a run saved before the key existed.
    static func value<T: Equatable & Sendable>(
        _ flag: String, _ placeholder: String, _ path: WritableKeyPath<TrainOptions, T> & Sendable, _ kind: ValueKind<T>,
        help: [String], onResume: OnResume = .kept, stored key: String? = nil, legacy: T? = nil, omittingLegacy: Bool = false,
        recipe: (@Sendable (TrainOptions.Model) -> T)? = nil, row: Row? = nil
    ) -> TrainOption {
        var setRecipe: (@Sendable (inout TrainOptions) -> Void)?
        if let recipe { setRecipe = { options in options[keyPath: path] = recipe(options.model) } }
        return TrainOption(
            flag: flag, aliases: [], placeholder: placeholder, help: help, onResume: onResume,
            set: { (options, value) throws(TrainOptions.ParseError) in
                guard let value else { throw .missingValue(flag) }
                options[keyPath: path] = try kind.value(flag, value)
            },
            same: { $0[keyPath: path] == $1[keyPath: path] },
            text: { kind.text($0[keyPath: path]) },
            copy: { $1[keyPath: path] = $0[keyPath: path] },
            recipe: setRecipe,
            storage: key.map { key in
                Storage(key: key,
                        encode: { options, container in
                            guard !omittingLegacy || options[keyPath: path] != legacy else { return }
                            try kind.encode(options[keyPath: path], &container, JSONKey(key))
                        },
                        decode: { container, options in
                            if let value = try kind.decode(container, JSONKey(key), legacy == nil) ?? legacy {
                                options[keyPath: path] = value
                            }
                        },
                        problem: { options in kind.problem(options[keyPath: path]).map { "\(key) \($0)" } })
            },
            row: row)
    }

    /// A switch: given, it sets the Bool at `path`.
    static func toggle(_ flag: String, _ path: WritableKeyPath<TrainOptions, Bool> & Sendable, aliases: [String] = [],
                       help: [String], onResume: OnResume = .allowed) -> TrainOption {
        TrainOption(flag: flag, aliases: aliases, placeholder: nil, help: help, onResume: onResume,
                    set: { options, _ in options[keyPath: path] = true },
                    same: { $0[keyPath: path] == $1[keyPath: path] }, text: { String($0[keyPath: path]) },
                    copy: { $1[keyPath: path] = $0[keyPath: path] }, recipe: nil, storage: nil, row: nil)
    }

    /// The option's line and continuation lines in the usage, the help in a column.
    var usage: String {
        let name = placeholder.map { "\(flag) \($0)" } ?? flag
        let column = String(repeating: " ", count: 22)
        let first = "  " + name + String(repeating: " ", count: max(1, 20 - name.count)) + help[0]
        return ([first] + help.dropFirst().map { column + $0 }).joined(separator: "\n")
    }
}

/// A key of a run's stored JSON.
struct JSONKey: CodingKey {
    let stringValue: String
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
}
