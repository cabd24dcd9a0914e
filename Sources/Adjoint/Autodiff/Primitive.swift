/// An operation the tape records, with its derivative: a row of the derivatives table.
///
/// `Variable.record` takes a `Primitive`, so no operation can record itself without one;
/// everything else (mean, softmax, convolution, ...) is a composition of primitives. Each
/// built-in primitive is declared in the file of its rule, `Primitives+*.swift`, whose header
/// holds its rows of the derivatives table; `Primitive.builtIn` lists them all. A
/// `CustomPrimitive` adds one of your own.
///
/// In the tables, `g` is the gradient of the output `z`, `x̄` the gradient passed to input `x`,
/// and `⊙` and `/` are elementwise. A pullback may return a gradient of the output's
/// (broadcast) shape for an input that was broadcast: the backward pass sums it back to the
/// input's shape (`↓x`), once for every primitive.
///
/// The pullbacks are written with `Variable` operations, so each row is itself differentiable
/// (`createGraph: true`). The derivative of the piecewise masks (`abs`, `maximum`,
/// `maximumOf`, `max`, `select`, `maskedFill`) is taken as zero.
///
/// ```swift
/// let loss = (x.matmul(w) + b).tanh().sum()
/// loss.primitive                  // .sum
/// loss.recordedPrimitives         // [.sum, .tanh, .add, .matmul]
/// Primitive.builtIn.count         // 35
/// ```
public struct Primitive: Hashable, Sendable, CustomStringConvertible {
    // A `StaticString` is copied without reference counting, and a primitive is stored on
    // every node the tape records.
    private let staticName: StaticString
    /// Whether a `CustomPrimitive` defined it rather than the library.
    ///
    /// ```swift
    /// loss.recordedPrimitives.filter(\.isCustom)   // the user-defined ones
    /// ```
    public let isCustom: Bool

    init(_ name: StaticString, isCustom: Bool = false) {
        self.staticName = name
        self.isCustom = isCustom
    }

    /// The primitive's name, as reports and messages print it.
    public var name: String { staticName.description }

    /// The name.
    public var description: String { name }

    /// The same name and kind.
    public static func == (a: Primitive, b: Primitive) -> Bool { a.isCustom == b.isCustom && a.name == b.name }

    /// Hashes the name and kind.
    ///
    /// ```swift
    /// let counts = Dictionary(grouping: loss.recordedPrimitives, by: { $0 })
    /// ```
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(isCustom)
    }

    /// Every primitive the library defines, in the order of its tables.
    ///
    /// ```swift
    /// for primitive in Primitive.builtIn { print(primitive) }   // add, subtract, ...
    /// ```
    public static let builtIn: [Primitive] = arithmetic + math + reductions + shapes + indexing + special
}
