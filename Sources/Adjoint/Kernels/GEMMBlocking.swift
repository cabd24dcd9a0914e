import Foundation

/// The data-cache sizes of one core, in bytes: what the GEMM's cache blocks are derived from.
struct CacheSizes: Equatable, Sendable {
    var l1: Int
    var l2: Int
    /// This core's share of the last-level cache.
    var l3: Int

    /// Used where the system does not say: 32 KB / 512 KB / 2 MB, smaller than any x86 or ARM
    /// server core of the last ten years, so the blocks fit wherever they run.
    static let fallback = CacheSizes(l1: 32 << 10, l2: 512 << 10, l3: 2 << 20)

    /// This machine's caches, as Linux reports them for cpu0 in sysfs (`level`, `type`, `size`,
    /// `shared_cpu_list` of each `cache/index*`); the fallback for each level it does not report.
    static let current: CacheSizes = {
        var sizes = fallback
        let root = "/sys/devices/system/cpu/cpu0/cache"
        for index in 0..<8 {
            func read(_ name: String) -> String? {
                (try? String(contentsOfFile: "\(root)/index\(index)/\(name)", encoding: .utf8))?
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            }
            guard let level = read("level").flatMap(Int.init), let type = read("type"), type != "Instruction",
                  let size = read("size").flatMap(parseCacheSize) else { continue }
            let sharing = read("shared_cpu_list").map(countCPUs) ?? 1
            switch level {
            case 1: sizes.l1 = size
            case 2: sizes.l2 = size / sharing
            case 3: sizes.l3 = size / sharing
            default: break
            }
        }
        return sizes
    }()
}

/// `"32K"`, `"1024K"`, `"32M"` or a plain byte count, in bytes.
func parseCacheSize(_ text: String) -> Int? {
    let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
    guard let last = text.last else { return nil }
    if let unit = units[last] { return Int(text.dropLast()).map { $0 * unit } }
    return Int(text)
}

/// The number of CPUs in a list such as `"0-3,8,10-11"` (at least 1).
func countCPUs(_ list: String) -> Int {
    let count = list.split(separator: ",").reduce(0) { total, range in
        let ends = range.split(separator: "-").compactMap { Int($0) }
        return total + (ends.count == 2 ? max(0, ends[1] - ends[0] + 1) : 1)
    }
    return max(1, count)
}

/// The GEMM's cache blocks (BLIS's kc, mc, nc), from the cache sizes:
/// - one `kc x nr` micro-panel of B fills half of L1, the other half left to the A micro-panel
///   and C streaming past it;
/// - the packed `mc x kc` block of A fills half of L2;
/// - the packed `kc x nc` block of B fills half of this core's share of L3.
/// Bounds keep odd reports sane: kc in 64...512, mc in 4...64 tiles of `mr`, nc in 4...256 of `nr`.
struct GEMMBlocking: Equatable {
    var kc: Int
    var mc: Int
    var nc: Int

    init(caches: CacheSizes, elementSize: Int, mr: Int, nr: Int) {
        func rounded(_ value: Int, to unit: Int, within range: ClosedRange<Int>) -> Int {
            min(max(value / unit * unit, range.lowerBound), range.upperBound)
        }
        kc = rounded(caches.l1 / 2 / (nr * elementSize), to: 8, within: 64...512)
        mc = rounded(caches.l2 / 2 / (kc * elementSize), to: mr, within: 4 * mr...64 * mr)
        nc = rounded(caches.l3 / 2 / (kc * elementSize), to: nr, within: 4 * nr...256 * nr)
    }
}
