import Foundation

/// The best (smallest) wall time of `repeats` runs of `body`, in seconds, after one warm-up run.
func bestTime(repeats: Int, _ body: () -> Void) -> Double {
    body()
    var best = Double.infinity
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return best
}

/// The median wall time of at least `repeats` runs, and of as many more as fit in `seconds`,
/// in seconds, after `warmup` runs. The training steps use 2 seconds, as the peers'
/// scripts do (`../shared/peers`): on a noisy VM, a median over a fraction of a second moves
/// with every short slow spell, and the ratios with it.
func medianTime(repeats: Int, seconds: Double = 0, warmup: Int = 3, _ body: () -> Void) -> Double {
    for _ in 0..<warmup { body() }
    var times: [Double] = []
    let start = DispatchTime.now().uptimeNanoseconds
    while times.count < repeats || Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 < seconds {
        let t0 = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }
    return times.sorted()[times.count / 2]
}

/// The process's peak resident set size, from /proc (Linux's VmHWM).
func peakResidentMiB() -> Double { statusMiB("VmHWM:") }

/// The process's current resident set size (VmRSS).
func residentMiB() -> Double { statusMiB("VmRSS:") }

private func statusMiB(_ field: String) -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) }),
          let kib = Double(line.split(separator: " ").dropFirst().first ?? "") else { return -1 }
    return kib / 1024
}

func rounded(_ x: Double) -> String { String(format: "%.4g", x) }
