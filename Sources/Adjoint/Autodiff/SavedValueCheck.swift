// Stale-value checks, as PyTorch's version counters: a pullback reads the values its node saw
// in the forward pass (its inputs' and its own), so the backward pass first makes sure none
// of them changed since.

extension Variable {
    /// Stops with a message naming the variable and the primitive if the value of this node or
    /// of one of its inputs changed after the node was recorded. `entryPoint` names the call that
    /// started the pass (`backward`, `gradients`).
    func checkSavedValues(entryPoint: String) {
        // A result is recorded at version 0; pullbacks such as `exp`'s read its own value.
        if version != 0 { staleValue(of: self, savedAt: 0, entryPoint: entryPoint) }
        for i in 0..<inputs.count {
            let saved = i == 0 ? savedVersions.first : i == 1 ? savedVersions.second : laterSavedVersions![i - 2]
            if inputs[i].version != saved { staleValue(of: inputs[i], savedAt: saved, entryPoint: entryPoint) }
        }
    }

    private func staleValue(of variable: Variable, savedAt saved: Int, entryPoint: String) -> Never {
        // A leaf's version also counts its requiresGrad switched on (see `requiresGrad`).
        let unfrozen = variable.isLeaf ? " (or switching its requiresGrad on)" : ""
        fatalError("\(entryPoint): the value of \(variable.role) saved by `\(primitiveName)` was modified after the forward pass (version \(saved) -> \(variable.version)); recompute the forward pass after changing it\(unfrozen)")
    }

    /// What a message calls this variable: `a leaf of shape [3, 4]`, `a constant of shape [2]`
    /// or `the result of `exp` of shape [3]`.
    var role: String {
        if let primitive { return "the result of `\(primitive.name)` of shape \(describe(shape))" }
        return "\(requiresGrad ? "a leaf" : "a constant") of shape \(describe(shape))"
    }
}
