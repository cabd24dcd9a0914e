// The numbering of the nodes one backward pass reaches. It belongs to the pass, not to the
// nodes, so threads can differentiate graphs that share nodes at the same time.

/// Numbers nodes 0, 1, 2, ... in the order a pass first finds them, so the pass can keep its
/// gradients in flight in a plain array indexed by that number (the node's slot).
///
/// An open-addressing table keyed by object address with a multiplicative (Fibonacci) hash.
/// A standard `Dictionary<ObjectIdentifier, Int>` (SipHash) and a comparison sort cost
/// noticeably more than this table and a counting sort.
///
/// ```swift
/// var slots = NodeSlots(expectedCount: 2)
/// slots.insert(ObjectIdentifier(x))      // (slot: 0, isNew: true)
/// slots.insert(ObjectIdentifier(x))      // (slot: 0, isNew: false)
/// slots[ObjectIdentifier(x)]             // 0
/// ```
struct NodeSlots {
    private struct Entry {
        var key: UInt   // the object's address; 0 marks an empty entry
        var slot: Int
    }

    private var entries: [Entry]
    /// `64 - log2(entries.count)`: the hash keeps the top bits of the product.
    private var shift: Int
    /// How many nodes are numbered.
    private(set) var count = 0

    /// A table that holds `expectedCount` nodes without growing.
    init(expectedCount: Int) {
        var capacity = 16
        while capacity < 2 * expectedCount { capacity *= 2 }
        entries = Array(repeating: Entry(key: 0, slot: 0), count: capacity)
        shift = UInt.bitWidth - capacity.trailingZeroBitCount
    }

    /// The slot of `node`, numbering it next if it is new.
    mutating func insert(_ node: ObjectIdentifier) -> (slot: Int, isNew: Bool) {
        if 2 * (count + 1) > entries.count { grow() }
        let key = UInt(bitPattern: node)
        var i = bucket(key)
        while true {
            let entry = entries[i]
            if entry.key == key { return (entry.slot, false) }
            if entry.key == 0 {
                entries[i] = Entry(key: key, slot: count)
                count += 1
                return (count - 1, true)
            }
            i = (i + 1) & (entries.count - 1)
        }
    }

    /// The slot of `node`, or nil if it was never inserted.
    subscript(node: ObjectIdentifier) -> Int? {
        let key = UInt(bitPattern: node)
        var i = bucket(key)
        while true {
            let entry = entries[i]
            if entry.key == key { return entry.slot }
            if entry.key == 0 { return nil }
            i = (i + 1) & (entries.count - 1)
        }
    }

    private func bucket(_ key: UInt) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt(shift))
    }

    /// Doubles the table (keeping every slot number), so it stays at most half full.
    private mutating func grow() {
        let old = entries
        entries = Array(repeating: Entry(key: 0, slot: 0), count: old.count * 2)
        shift -= 1
        for entry in old where entry.key != 0 {
            var i = bucket(entry.key)
            while entries[i].key != 0 { i = (i + 1) & (entries.count - 1) }
            entries[i] = entry
        }
    }
}
