/// The heap buffer behind a tensor: one allocation holding the element count and the elements.
///
/// `Tensor` shares a storage between copies and copies it on the first write to a shared
/// one (copy-on-write), so passing tensors around is cheap and they behave as values.
final class TensorStorage<Scalar: TensorScalar>: ManagedBuffer<Int, Scalar> {
    static func create(count: Int) -> TensorStorage<Scalar> {
        _ = mallocTuning
        let buffer = self.create(minimumCapacity: count) { _ in count }
        return unsafeDowncast(buffer, to: TensorStorage<Scalar>.self)
    }

    /// Read through the header's pointer: `header` is a stored property of a class, so each
    /// read of it would be a run-time exclusivity check (`swift_beginAccess`).
    var count: Int { withUnsafeMutablePointerToHeader { $0.pointee } }

    /// A storage of no elements shared by every tensor of this scalar type that needs one: the
    /// graph gives one to each value it frees (`Variable.releaseUnreadValues`), nearly every
    /// node of a chain of scalar operations, which allocated one each before. Never written:
    /// a write copies a shared storage first.
    static var empty: TensorStorage<Scalar> {
        if Scalar.self == Double.self { return unsafeDowncast(emptyDoubleStorage, to: TensorStorage<Scalar>.self) }
        if Scalar.self == Float.self { return unsafeDowncast(emptyFloatStorage, to: TensorStorage<Scalar>.self) }
        return create(count: 0)
    }

    func copy() -> TensorStorage<Scalar> {
        let new = TensorStorage.create(count: count)
        withUnsafeMutablePointerToElements { source in
            new.withUnsafeMutablePointerToElements { $0.initialize(from: source, count: count) }
        }
        return new
    }
}

// Immutable after creation (no element to write), so sharing them between threads is safe.
nonisolated(unsafe) private let emptyDoubleStorage = TensorStorage<Double>.create(count: 0)
nonisolated(unsafe) private let emptyFloatStorage = TensorStorage<Float>.create(count: 0)

#if canImport(Glibc)
import Glibc

/// Keeps glibc from handing large tensors back to the kernel when they are freed. By default
/// blocks from 128 KB up are mapped and unmapped per allocation, so every activation of a
/// training step was fresh memory: a page fault and a page clear per 4 KB. With these
/// settings, blocks up to 32 MB (glibc's limit) come from the heap and freed memory stays
/// there for the next step; and the heap grows and shrinks 64 MB past what it needs, so an
/// evaluation pass's batches of 500 images (tens of MB a layer) stop faulting in fresh pages
/// each batch.
/// (`mallopt` is not in Swift's Glibc module, so it is looked up by name; the option numbers
/// are malloc.h's `M_TRIM_THRESHOLD` -1, `M_TOP_PAD` -2 and `M_MMAP_THRESHOLD` -3.)
let mallocTuning: Void = {
    typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    guard let symbol = dlsym(nil, "mallopt") else { return }
    let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
    _ = mallopt(-3, 32 << 20)
    _ = mallopt(-1, 256 << 20)
    _ = mallopt(-2, 64 << 20)
}()
#else
let mallocTuning: Void = ()
#endif
