// Anomaly detection: inside `withAnomalyDetection`, every primitive with an input that
// requires gradients checks its forward value, and every pullback the gradients it returns;
// the first NaN or infinity is reported with the primitive, its input shapes and where the
// user's code recorded it. Outside the scope the tape keeps no location and checks nothing:
// a primitive's only cost is reading the nil `TapeMode.anomalies` in the same task-local
// lookup as the recording switch (and two arguments, its caller's file and line).
import Synchronization

/// Where in the source a call was made: its `#fileID` and `#line`.
///
/// ```swift
/// let here = CodeLocation()          // this file and line
/// print(here)                        // MyApp/Model.swift:12
/// ```
public struct CodeLocation: Sendable, Equatable, CustomStringConvertible {
    private let file: StaticString
    /// The line number.
    public let line: UInt

    /// The location of the caller (by default).
    ///
    /// ```swift
    /// let here = CodeLocation()
    /// let there = CodeLocation(fileID: "MyApp/Model.swift", line: 12)
    /// ```
    public init(fileID: StaticString = #fileID, line: UInt = #line) {
        self.file = fileID
        self.line = line
    }

    /// The module-qualified file name, `Module/File.swift`.
    public var fileID: String { file.description }

    /// `fileID:line`.
    ///
    /// ```swift
    /// let text = CodeLocation().description   // "MyApp/Model.swift:12"
    /// ```
    public var description: String { "\(fileID):\(line)" }

    /// Same file and line.
    public static func == (a: CodeLocation, b: CodeLocation) -> Bool { a.fileID == b.fileID && a.line == b.line }
}

/// The first non-finite value `withAnomalyDetection` found.
///
/// ```swift
/// do {
///     try withAnomalyDetection { (x.log() * w).sum().backward() }
/// } catch let anomaly as AnomalyError {
///     print(anomaly)   // anomaly: `log` of [3] gave NaN in the forward pass at main.swift:3
/// }
/// ```
public struct AnomalyError: Error, Sendable, CustomStringConvertible {
    /// Which pass produced the value.
    ///
    /// ```swift
    /// if anomaly.pass == .backward { print(anomaly.forwardLocation) }
    /// ```
    public enum Pass: String, Sendable { case forward, backward }

    /// The primitive whose forward value (or whose pullback's gradient) was not finite.
    public let primitive: Primitive
    /// Whether the forward value or a pullback's gradient was not finite.
    public let pass: Pass
    /// The shapes of the primitive's inputs.
    public let inputShapes: [[Int]]
    /// `"NaN"` or `"infinity"`.
    public let value: String
    /// Forward: where the primitive was recorded. Backward: where the backward pass was started
    /// (`backward()` or `gradients(of:wrt:)`). The call itself first (absent for an operator),
    /// then the enclosing `withSourceLocation` scopes, innermost first.
    public let location: [CodeLocation]
    /// Backward only: where the primitive whose pullback produced the value was recorded in
    /// the forward pass (empty if that was outside the detection scope).
    public let forwardLocation: [CodeLocation]
    /// Forward: whether every input was finite (if not, the value came from outside the scope,
    /// such as the data). Backward: whether the gradient arriving at the primitive was finite.
    public let inputsWereFinite: Bool

    /// One line: what, where, and where it was recorded.
    ///
    /// ```swift
    /// print(anomaly)   // anomaly: `log` of [3] gave NaN in the forward pass at main.swift:3
    /// ```
    public var description: String {
        let shapes = inputShapes.map(describe).joined(separator: ", ")
        let place = { (location: [CodeLocation]) in
            location.isEmpty ? "an unknown location" : location.map(\.description).joined(separator: " in ")
        }
        var text = pass == .forward
            ? "anomaly: `\(primitive.name)` of \(shapes) gave \(value) in the forward pass at \(place(location))"
            : "anomaly: the pullback of `\(primitive.name)` of \(shapes) gave \(value) in the backward pass started at \(place(location)); `\(primitive.name)` was recorded at \(place(forwardLocation))"
        if !inputsWereFinite { text += pass == .forward ? " (an input was already not finite)" : " (the incoming gradient was already not finite)" }
        if !primitive.fusedPrimitives.isEmpty {
            text += "; `\(primitive.name)` fuses \(primitive.fusedPrimitives.map(\.name).joined(separator: ", ")): run it again inside `Fusion.with(false)` to name which"
        }
        return text
    }
}

/// Runs `body` checking every primitive's forward value and every pullback's gradients for
/// NaN and infinity, and throws the first one found as an `AnomalyError` when `body` returns.
///
/// Operations on constants alone (no input requires gradients) are not recorded and not
/// checked; a NaN they make is reported at the first checked primitive that reads it, with
/// `inputsWereFinite == false`.
///
/// Operations after the first anomaly run unchecked as usual, but a backward pass inside the
/// scope after it (or the one that found it) stops before writing any gradient, so an
/// optimiser step in the scope leaves the parameters alone (it skips those without one).
/// Checks cost a pass over every tensor: use it to find a NaN, not while training normally.
///
/// ```swift
/// try withAnomalyDetection {
///     let loss = model(x).logSoftmax().gathering(labels).mean()
///     loss.backward()
/// }
/// ```
public func withAnomalyDetection<R>(_ body: () throws -> R) throws -> R {
    let context = AnomalyContext(found: AnomalyFound(), enclosing: [])
    let outcome = Result { try TapeMode.with({ $0.anomalies = context }, body) }
    if let anomaly = context.found.first { throw anomaly }
    return try outcome.get()
}

/// Runs `body` with `file:line` as the enclosing location of the operations it records, for
/// anomaly reports: operators (`+`, `*`, ...) cannot capture their caller's location, so a
/// layer's `callAsFunction` wraps its forward pass in this. Outside `withAnomalyDetection` it
/// only runs `body`.
///
/// ```swift excerpt
/// func callAsFunction(_ x: Variable<Float>, file: StaticString = #fileID, line: UInt = #line) -> Variable<Float> {
///     withSourceLocation(file: file, line: line) { forward(x) }
/// }
/// ```
public func withSourceLocation<R>(file: StaticString = #fileID, line: UInt = #line, _ body: () throws -> R) rethrows -> R {
    guard let anomalies = TapeMode.current.anomalies else { return try body() }
    let inner = AnomalyContext(found: anomalies.found,
                               enclosing: [CodeLocation(fileID: file, line: line)] + anomalies.enclosing)
    return try TapeMode.with({ $0.anomalies = inner }, body)
}

/// The first anomaly of a `withAnomalyDetection` scope, shared by all its threads and tasks.
final class AnomalyFound: Sendable {
    private let anomaly = Mutex<AnomalyError?>(nil)

    var first: AnomalyError? { anomaly.withLock { $0 } }

    /// Keeps `report()` unless an anomaly was found before.
    func keep(_ report: () -> AnomalyError) {
        anomaly.withLock { if $0 == nil { $0 = report() } }
    }
}

/// The anomaly state of a scope and the `withSourceLocation` scopes around the current code.
final class AnomalyContext: Sendable {
    let found: AnomalyFound
    /// Innermost first.
    let enclosing: [CodeLocation]

    init(found: AnomalyFound, enclosing: [CodeLocation]) {
        self.found = found
        self.enclosing = enclosing
    }

    /// The call (if known) and its enclosing scopes.
    func location(of call: CodeLocation?) -> [CodeLocation] { (call.map { [$0] } ?? []) + enclosing }

    /// Records an anomaly if `value`, the forward value of `primitive`, is not finite.
    func checkForward<S>(_ primitive: Primitive, _ value: Tensor<S>, _ inputs: NodeList<Variable<S>>, at call: CodeLocation?) {
        guard found.first == nil, let bad = value.firstNonFinite else { return }
        found.keep {
            AnomalyError(primitive: primitive, pass: .forward, inputShapes: inputs.map(\.shape), value: bad,
                         location: location(of: call), forwardLocation: [],
                         inputsWereFinite: inputs.allSatisfy { $0.value.firstNonFinite == nil })
        }
    }

    /// Records an anomaly if a gradient `node`'s pullback returned for `grad` is not finite;
    /// returns whether it did.
    func checkBackward<S>(_ node: Variable<S>, grad: Variable<S>, inputGrads: NodeList<Variable<S>?>,
                          startedAt call: CodeLocation) -> Bool {
        guard let bad = inputGrads.lazy.compactMap({ $0?.value.firstNonFinite }).first else { return false }
        found.keep {
            AnomalyError(primitive: node.primitive!, pass: .backward, inputShapes: node.inputs.map(\.shape), value: bad,
                         location: location(of: call), forwardLocation: node.recordedAt ?? [],
                         inputsWereFinite: grad.value.firstNonFinite == nil)
        }
        return true
    }
}

extension Tensor {
    /// `"NaN"` or `"infinity"` for the first element that is not finite; nil if all are.
    var firstNonFinite: String? {
        withUnsafeBufferPointer { buffer in
            buffer.first { !$0.isFinite }.map { $0.isNaN ? "NaN" : "infinity" }
        }
    }
}
