/// A lookup table: row `id` of `weight` for each id, as PyTorch's
/// `nn.Embedding(num_embeddings, embedding_dim)`.
///
/// Ids `(...)` give vectors `(..., dimension)`. The lookup is the tape's `gather`, so the
/// gradient is its scatter-add: an id used several times in a batch gets the sum of its rows'
/// gradients, and rows not looked up get zero. The weight starts `N(0, 1)`, as PyTorch's.
///
/// ```swift
/// let embed = Embedding<Float>(count: 1000, dimension: 64)
/// let vectors = embed(IndexTensor([[5, 2, 9], [7, 1, 0]]))   // (2, 3, 64)
/// ```
public final class Embedding<Scalar: TensorScalar>: Module<Scalar> {
    /// The table, `(count, dimension)`: row `id` is the vector of `id`.
    ///
    /// ```swift
    /// let table = Embedding<Float>(count: 1000, dimension: 64).weight   // shape [1000, 64]
    /// ```
    public let weight: Variable<Scalar>

    /// A table of `count` vectors of `dimension`, drawn `N(0, 1)` from `rng`.
    ///
    /// ```swift
    /// var rng = SeededGenerator(seed: 0)
    /// let embed = Embedding<Float>(count: 1000, dimension: 64, rng: &rng)
    /// ```
    public init(count: Int, dimension: Int, rng: inout SeededGenerator) {
        check(count > 0 && dimension > 0, "Embedding: count and dimension must be positive, got \(count) x \(dimension)")
        weight = Variable(Tensor.randn([count, dimension], using: &rng))
        super.init()
    }

    /// A table drawn from `DefaultRandom`.
    ///
    /// ```swift
    /// let embed = Embedding<Float>(count: 1000, dimension: 64)
    /// ```
    public convenience init(count: Int, dimension: Int) {
        var rng = DefaultRandom.draw { SeededGenerator(seed: $0.next()) }
        self.init(count: count, dimension: dimension, rng: &rng)
    }

    /// A table with the given rows, `(count, dimension)` (pretrained vectors, say).
    ///
    /// ```swift
    /// let embed = Embedding(weight: Tensor<Float>([[0, 1], [1, 0], [1, 1]]))   // 3 ids, 2 dimensions
    /// ```
    public init(weight: Tensor<Scalar>) {
        check(weight.shape.count == 2 && weight.shape.allSatisfy { $0 > 0 },
              "Embedding: weight must be (count, dimension), got \(describe(weight.shape))")
        self.weight = Variable(weight)
        super.init()
    }

    /// The number of ids, `0..<count`.
    ///
    /// ```swift
    /// let n = Embedding<Float>(count: 1000, dimension: 64).count   // 1000
    /// ```
    public var count: Int { weight.shape[0] }

    /// The length of each vector.
    ///
    /// ```swift
    /// let d = Embedding<Float>(count: 1000, dimension: 64).dimension   // 64
    /// ```
    public var dimension: Int { weight.shape[1] }

    /// The vectors of `ids`, shape `ids.shape + [dimension]`. An id outside `0..<count` traps.
    ///
    /// ```swift
    /// let embed = Embedding<Float>(count: 10, dimension: 4)
    /// let vectors = embed(IndexTensor([3, 3, 7]))   // (3, 4): rows 3, 3 and 7
    /// ```
    public func callAsFunction(_ ids: IndexTensor, file: StaticString = #fileID, line: UInt = #line) -> Variable<Scalar> {
        let (count, dimension) = (self.count, self.dimension)
        var flat = [Int]()
        flat.reserveCapacity(ids.count * dimension)
        for id in ids.scalars {
            check(id >= 0 && id < count, "Embedding: id \(id) is outside 0..<\(count) (count \(count)) in ids of shape \(describe(ids.shape))")
            flat.append(contentsOf: id * dimension ..< (id + 1) * dimension)
        }
        return weight.gathering(flatIndices: flat, shape: ids.shape + [dimension], file: file, line: line)
    }
}
