/// The heap buffer behind a tensor: one allocation holding the element count and the elements.
///
/// `Tensor` shares a storage between copies and copies it on the first write to a shared
/// one (copy-on-write), so passing tensors around is cheap and they behave as values.
final class TensorStorage<Scalar: TensorScalar>: ManagedBuffer<Int, Scalar> {
    static func create(count: Int) -> TensorStorage<Scalar> {
        let buffer = self.create(minimumCapacity: count) { _ in count }
        return unsafeDowncast(buffer, to: TensorStorage<Scalar>.self)
    }

    var count: Int { header }

    func copy() -> TensorStorage<Scalar> {
        let new = TensorStorage.create(count: count)
        withUnsafeMutablePointerToElements { source in
            new.withUnsafeMutablePointerToElements { $0.initialize(from: source, count: count) }
        }
        return new
    }
}
