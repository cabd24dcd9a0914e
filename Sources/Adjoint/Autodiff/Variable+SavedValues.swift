// Freeing what no pullback reads, as PyTorch keeps only saved tensors. The graph's nodes are
// the user's variables, so a result's value used to live as long as the graph: in the CNN
// training step, the convolutions' matmul outputs and the ReLU outputs before pooling were
// a large part of what the graph kept, and no pullback reads them.
//
// A result's elements are freed when (a) no pullback reads them (`isValueSaved`, set from
// each record call's `reads` when the node and each consumer is recorded) and (b) nothing but
// the graph can reach the variable: the one reference left is its consumer's `inputs` entry.
// Then no code outside the tape can ever read the value again, so it is safe to free. The
// check runs when a node is recorded, on its inputs' inputs: by then the caller has usually
// dropped those (temporaries of a chain such as `conv -> + b -> relu -> pool`), while the
// node's own inputs are still arguments, held by the caller.

import Synchronization

extension Variable {
    /// What this node's pullback reads, given which inputs take a gradient: `reads` resolved.
    var readValues: Reads {
        var requiresGrad = (first: false, second: false)
        inputs.forEachBorrowed { i, input in
            if i == 0 { requiresGrad.first = input.requiresGrad } else if i == 1 { requiresGrad.second = input.requiresGrad }
        }
        return reads.resolved(firstRequiresGrad: requiresGrad.first, secondRequiresGrad: requiresGrad.second)
    }

    /// Marks the values this new node's pullback reads as saved: its own, its first and its
    /// second input's, or all of them.
    func markSavedValues() {
        if reads == .nothing { return }
        let reads = readValues
        if reads.contains(.output) || reads.contains(.everything) { isValueSaved.store(true, ordering: .relaxed) }
        if reads.isDisjoint(with: [.first, .second, .everything]) { return }
        let all = reads.contains(.everything)
        inputs.forEachBorrowed { i, input in
            if all || (i == 0 && reads.contains(.first)) || (i == 1 && reads.contains(.second)) {
                input.isValueSaved.store(true, ordering: .relaxed)
            }
        }
    }

    /// Frees the elements of every result two steps behind this node that no pullback reads
    /// and that only its consumer's `inputs` still references. A variable used twice, or held
    /// by anything else (the user, another consumer, a running backward pass), keeps its value.
    func releaseUnreadValues() {
        // Indexed loops: iterating a `NodeList` copies it, a retain and a release per element.
        for i in 0..<inputs.count {
            let input = inputs[i]
            if input.isLeaf { continue }
            for k in 0..<input.inputs.count {
                // No local holds the grand-input across the check: it would be the second
                // reference. Checked through the list's own slot, read-only, so threads
                // recording consumers of `input` at once do not race.
                if input.inputs[k].isLeaf || input.inputs[k].isValueSaved.load(ordering: .relaxed) { continue }
                if input.inputs.isUniquelyReferenced(at: k) { input.inputs[k].freeValue() }
            }
        }
    }

    /// Whether the value's elements were freed by the graph (the shape is kept).
    var valueIsFreed: Bool { isValueFreed.load(ordering: .relaxed) }

    /// Replaces the elements by an empty storage, once (two threads may find the same node).
    private func freeValue() {
        guard isValueFreed.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        storedValue.storage = .empty
    }
}
