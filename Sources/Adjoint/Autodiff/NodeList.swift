// A node's inputs, and the gradients its pullback returns for them, without an array: every
// primitive but `concatenate` has one or two inputs, and an array each was two allocations
// per node (one when recorded, one per backward step).

/// Up to two elements held inline, or any number in an array: the inputs of a node
/// (`NodeList<Variable>`) and the gradients its pullback returns (`NodeList<Variable?>`).
///
/// ```swift
/// let inputs = NodeList(x, w)          // no heap allocation
/// inputs.count                         // 2
/// inputs[1] === w                      // true
/// let parts = NodeList(contentsOf: [a, b, w])   // three or more: kept in the array
/// ```
struct NodeList<Element>: RandomAccessCollection {
    // `many` is nil unless there are more than two elements: an empty array would still be
    // retained and released with every copy.
    private var element0: Element?
    private var element1: Element?
    private var many: [Element]?
    /// The number of elements.
    private(set) var count: Int

    /// No elements.
    init() { count = 0 }

    /// One element.
    init(_ a: Element) {
        element0 = a
        count = 1
    }

    /// Two elements.
    init(_ a: Element, _ b: Element) {
        element0 = a
        element1 = b
        count = 2
    }

    /// The elements of `elements`, inline if there are at most two.
    init(contentsOf elements: [Element]) {
        switch elements.count {
        case 0: self.init()
        case 1: self.init(elements[0])
        case 2: self.init(elements[0], elements[1])
        default:
            self.init()
            many = elements
            count = elements.count
        }
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    @inline(__always)
    subscript(i: Int) -> Element {
        get {
            precondition(i >= 0 && i < count, "NodeList: index \(i) out of range 0..<\(count)")
            if let many { return many[i] }
            return i == 0 ? element0! : element1!
        }
        set {
            precondition(i >= 0 && i < count, "NodeList: index \(i) out of range 0..<\(count)")
            if many != nil { many![i] = newValue } else if i == 0 { element0 = newValue } else { element1 = newValue }
        }
    }
}

extension NodeList {
    /// Calls `body` with each element and its index, lent from the list: a `for` loop over
    /// the list copies it, and a subscript copies the element, a retain and a release each.
    @inline(__always)
    func forEachBorrowed(_ body: (_ index: Int, _ element: Element) -> Void) {
        if let many {
            for i in 0..<many.count { body(i, many[i]) }
            return
        }
        if count > 0 { body(0, element0.unsafelyUnwrapped) }
        if count > 1 { body(1, element1.unsafelyUnwrapped) }
    }
}

extension NodeList where Element: AnyObject {
    /// Whether the reference at `i` is the only one to its object, checked through the list's
    /// own storage (a copy would be a second reference). Writes nothing, though `mutating`:
    /// threads recording consumers of the same node may check its inputs at once.
    mutating func isUniquelyReferenced(at i: Int) -> Bool {
        precondition(i >= 0 && i < count, "NodeList: index \(i) out of range 0..<\(count)")
        if let elements = many {
            // Through the array's buffer: `many![i]` as inout would copy a shared array.
            return elements.withUnsafeBufferPointer {
                isKnownUniquelyReferenced(&UnsafeMutablePointer(mutating: $0.baseAddress! + i).pointee)
            }
        }
        return i == 0 ? isKnownUniquelyReferenced(&element0) : isKnownUniquelyReferenced(&element1)
    }
}
