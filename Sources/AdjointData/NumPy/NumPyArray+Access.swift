import Adjoint

extension NumPyArray {
    /// The elements as a tensor of `Scalar`, in the same shape.
    ///
    /// Floats of either width convert (rounded to nearest, as NumPy's `astype`) unless a finite
    /// value overflows `Scalar`; integers convert when `Scalar` holds them exactly. Booleans,
    /// and any inexact integer, throw `mismatch` naming ``source``.
    public func tensor<Scalar: TensorScalar>(as _: Scalar.Type) throws(DataError) -> Tensor<Scalar> {
        let values: [Scalar]
        switch storage {
        case .float(let floats): values = try converted(floats)
        case .double(let doubles): values = try converted(doubles)
        case .int(let ints):
            var result = [Scalar]()
            result.reserveCapacity(ints.count)
            for (index, value) in ints.enumerated() {
                guard let exact = Scalar(exactly: value) else {
                    throw refusal("the integer \(value) at element \(index) has no exact \(Scalar.self)")
                }
                result.append(exact)
            }
            values = result
        case .bool: throw refusal("a bool array is not a tensor of \(Scalar.self); read it with bools()")
        }
        return Tensor(values, shape: shape)
    }

    /// The elements of an integer array, such as class labels or token ids, with the shape.
    ///
    /// Throws `mismatch` naming ``source`` for float and bool arrays.
    public func indices() throws(DataError) -> IndexTensor {
        guard case .int(let values) = storage else {
            throw refusal("indices need an integer array, not \(dtypeName)")
        }
        return IndexTensor(values, shape: shape)
    }

    /// The elements of a bool array, such as a mask, with the shape.
    ///
    /// Throws `mismatch` naming ``source`` for other arrays.
    public func bools() throws(DataError) -> (shape: [Int], values: [Bool]) {
        guard case .bool(let values) = storage else {
            throw refusal("bools need a bool array, not \(dtypeName)")
        }
        return (shape, values)
    }

    private func converted<Source: BinaryFloatingPoint, Scalar: TensorScalar>(_ values: [Source]) throws(DataError) -> [Scalar] {
        if let same = values as? [Scalar] { return same }
        var result = [Scalar]()
        result.reserveCapacity(values.count)
        for (index, value) in values.enumerated() {
            let scalar = Scalar(value)
            // Infinities and NaN carry over; only a finite value becoming infinite is lost.
            if scalar.isInfinite && value.isFinite {
                throw refusal("the value \(value) at element \(index) overflows \(Scalar.self)")
            }
            result.append(scalar)
        }
        return result
    }

    private func refusal(_ why: String) -> DataError {
        DataError(.mismatch("\(dtypeName) array of shape \(shape): \(why)"), path: source)
    }
}
