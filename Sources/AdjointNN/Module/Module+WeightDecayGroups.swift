extension Module {
    /// The module's parameters in two groups, the common split for weight decay: those of two or
    /// more dimensions (matrices, kernels, embeddings) decay by `weightDecay`; those of one
    /// (biases, the scales and shifts of norms) do not. Frozen parameters are included, as in
    /// `parameters`; an optimiser skips them.
    ///
    /// ```swift
    /// let opt = AdamW(model.weightDecayGroups(0.1), learningRate: 3e-4)
    /// ```
    public func weightDecayGroups(_ weightDecay: Scalar) -> [ParameterGroup<Scalar>] {
        let all = parameters
        return [ParameterGroup(all.filter { $0.shape.count >= 2 }, weightDecay: weightDecay),
                ParameterGroup(all.filter { $0.shape.count < 2 }, weightDecay: 0)]
    }
}
