import Foundation

extension DataFile {
    /// The most memory loading one data set may take: half of this machine's physical memory,
    /// so that a header announcing more is refused instead of the process being killed.
    ///
    /// ```swift
    /// let fits = 60_000 * 28 * 28 * 5 <= DataFile.memoryLimit   // the bytes and their Float tensor
    /// ```
    public static let memoryLimit = Int(clamping: ProcessInfo.processInfo.physicalMemory / 2)

    /// Throws `needsTooMuchMemory` when `needed` bytes exceed ``memoryLimit``; `what` says what
    /// needs them, and `path`, `offset` and `inDecompressedData` place the announcement.
    static func checkMemory(_ needed: Int, for what: String, path: String, offset: Int? = nil,
                            inDecompressedData: Bool = false) throws(DataError) {
        guard needed > memoryLimit else { return }
        throw DataError(.needsTooMuchMemory(what: what, needed: needed), path: path,
                        offset: offset, inDecompressedData: inDecompressedData)
    }
}

/// `terms` summed, each a count times a size, or `Int.max` when that overflows: a need to
/// compare with a limit, which an overflow certainly exceeds.
func bytesNeeded(_ terms: [(count: Int, size: Int)]) -> Int {
    var total = 0
    for (count, size) in terms {
        let (product, productOverflow) = count.multipliedReportingOverflow(by: size)
        let (sum, sumOverflow) = total.addingReportingOverflow(product)
        guard !productOverflow, !sumOverflow else { return .max }
        total = sum
    }
    return total
}
