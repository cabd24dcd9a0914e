/// RFC 1951's length and distance symbols (3.2.5): each symbol's base value and extra bits,
/// which `Inflate` decodes and `Deflate` encodes.
enum DeflateAlphabet {
    /// Lengths 3...258 of symbols 257...285.
    static let lengthBases = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
                              131, 163, 195, 227, 258]
    static let lengthExtraBits = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    /// Distances 1...32768 of symbols 0...29.
    static let distanceBases = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
                                1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]

    /// The extra bits of distance symbol `d`.
    static func distanceExtraBits(_ d: Int) -> Int { max(0, d / 2 - 1) }
}
