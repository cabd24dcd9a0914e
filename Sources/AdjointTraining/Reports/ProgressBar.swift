import Foundation

/// Progress of a long loop: count, percent, rate, ETA and a status text such as the loss.
///
/// On a terminal it is a bar redrawn in place (with `\r`), at most every `redrawInterval`
/// seconds so that a fast loop does not spend its time printing. When standard error is not a
/// terminal (CI logs, `2> file`) it prints plain lines instead: one each time another 10 % is
/// done and at least every `lineInterval` seconds, so logs stay short but show signs of life.
///
/// ```swift
/// let progress = ProgressBar(total: 1000, label: "train")
/// for i in 1...1000 {
///     progress.update(completed: i, status: "loss 0.42")
///     if i % 100 == 0 { progress.message("epoch \(i / 100): val acc 0.81") }
/// }
/// progress.finish()
/// ```
public final class ProgressBar {
    /// Where and how progress is shown.
    ///
    /// ```swift
    /// let progress = ProgressBar(total: 500, label: "eval", style: .lines)
    /// ```
    public enum Style: Sendable {
        /// A bar when standard error is a terminal, lines otherwise.
        case automatic
        /// A bar redrawn in place.
        case terminal
        /// Plain lines, for logs.
        case lines
    }

    /// The number of steps that make 100 %; 0 when unknown (no percent or ETA is shown).
    public let total: Int
    /// Printed before the bar or line, e.g. `train` or `eval`; empty for none.
    public let label: String
    /// Steps done so far.
    ///
    /// ```swift
    /// progress.advance()
    /// print(progress.completed)   // 1 on a new bar
    /// ```
    public private(set) var completed = 0

    private var status = ""
    private let inPlace: Bool
    private let redrawInterval: Double
    private let lineInterval: Double
    private let columns: Int
    private let write: (String) -> Void
    private let clock: () -> Double
    private let start: Double
    /// When the bar was last drawn or a line printed.
    private var lastOutput: Double
    private var lastTenth = 0
    private var finished = false

    /// A progress display; `write` and `clock` exist so tests and other sinks can replace
    /// standard error and the monotonic clock.
    ///
    /// ```swift
    /// let progress = ProgressBar(total: 500, label: "eval", style: .lines, lineInterval: 10)
    /// ```
    public init(total: Int, label: String = "", style: Style = .automatic,
                redrawInterval: Double = 0.1, lineInterval: Double = 30, columns: Int? = nil,
                write: @escaping (String) -> Void = ProgressBar.writeToStandardError,
                clock: @escaping () -> Double = ProgressBar.monotonicSeconds) {
        self.total = Swift.max(0, total)
        self.label = label
        switch style {
        case .automatic: inPlace = isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
        case .terminal: inPlace = true
        case .lines: inPlace = false
        }
        self.redrawInterval = redrawInterval
        self.lineInterval = lineInterval
        self.columns = columns ?? terminalColumns()
        self.write = write
        self.clock = clock
        self.start = clock()
        // A bar shows up at the first update; a log's first line waits for 10 % or `lineInterval`.
        self.lastOutput = inPlace ? -.infinity : start
    }

    /// Sets the number of steps done and, if given, the status text; redraws if it is time.
    ///
    /// ```swift
    /// progress.update(completed: 10, status: String(format: "loss %.4f", loss.value.scalar))
    /// ```
    public func update(completed: Int, status: String? = nil) {
        guard !finished else { return }
        self.completed = total > 0 ? Swift.min(completed, total) : completed
        if let status { self.status = status }
        let now = clock()
        if inPlace {
            if now - lastOutput >= redrawInterval { redraw(now) }
        } else {
            let tenth = total > 0 ? self.completed * 10 / total : 0
            // 100 % is left to `finish`, which prints the closing line with the elapsed time.
            if (tenth > lastTenth && tenth < 10) || now - lastOutput >= lineInterval {
                lastTenth = tenth
                lastOutput = now
                write(summary(now, bar: false) + "\n")
            }
        }
    }

    /// Adds `steps` to the count; see ``update(completed:status:)``.
    ///
    /// ```swift
    /// progress.advance(status: "loss 0.42")
    /// ```
    public func advance(by steps: Int = 1, status: String? = nil) {
        update(completed: completed + steps, status: status)
    }

    /// Prints a line of its own (an epoch summary) without breaking the bar, which is redrawn below it.
    ///
    /// ```swift
    /// progress.message("epoch 3: train acc 0.84, val acc 0.81")
    /// ```
    public func message(_ text: String) {
        if inPlace && !finished {
            write("\r\u{1B}[K" + text + "\n")
            redraw(clock())
        } else {
            write(text + "\n")
        }
    }

    /// Draws the final state with the elapsed time and ends the line; later updates are ignored.
    ///
    /// ```swift
    /// progress.finish(status: "best val acc 0.83")
    /// ```
    public func finish(status: String? = nil) {
        guard !finished else { return }
        finished = true
        if let status { self.status = status }
        let now = clock()
        write((inPlace ? "\r\u{1B}[K" + fitted(summary(now, bar: true)) : summary(now, bar: false)) + "\n")
    }

    private func redraw(_ now: Double) {
        lastOutput = now
        write("\r\u{1B}[K" + fitted(summary(now, bar: true)))
    }

    /// A line longer than the terminal would wrap, and `\r` would then redraw only its last part.
    private func fitted(_ line: String) -> String {
        line.count < columns ? line : String(line.prefix(Swift.max(1, columns - 1)))
    }

    /// `label [bar] 1234/5000  24.7%  512 it/s  ETA 0:07  status`, or the closing
    /// `... done in 1:23 ...` form once finished.
    private func summary(_ now: Double, bar: Bool) -> String {
        let elapsed = Swift.max(0, now - start)
        let rate = elapsed > 0 ? Double(completed) / elapsed : 0
        var parts: [String] = []
        // In place, a count padded to the total's width keeps the rest of the line from shifting.
        let count = String(completed)
        let padding = bar ? String(repeating: " ", count: Swift.max(0, String(total).count - count.count)) : ""
        parts.append(padding + (total > 0 ? "\(count)/\(total)" : count))
        if total > 0 { parts.append(String(format: "%5.1f%%", 100 * Double(completed) / Double(total))) }
        if rate > 0 { parts.append(formatRate(rate)) }
        if finished {
            parts.append("done in " + formatDuration(elapsed))
        } else if total > 0 && rate > 0 && completed < total {
            parts.append("ETA " + formatDuration(Double(total - completed) / rate))
        }
        if !status.isEmpty { parts.append(status) }
        let text = parts.joined(separator: "  ")
        let prefix = label.isEmpty ? "" : label + " "
        guard bar && total > 0 else { return prefix + text }
        let barWidth = Swift.min(30, Swift.max(10, columns - prefix.count - text.count - 4))
        let filled = Swift.min(barWidth, barWidth * completed / total)
        return prefix + "[" + String(repeating: "\u{2588}", count: filled)
            + String(repeating: "\u{2591}", count: barWidth - filled) + "] " + text
    }

    /// Writes `text` to standard error unbuffered, so the bar shows up at once.
    ///
    /// ```swift
    /// ProgressBar.writeToStandardError("starting\n")
    /// ```
    public static func writeToStandardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Seconds from an arbitrary start on a clock that never jumps (unlike wall time).
    ///
    /// ```swift
    /// let t0 = ProgressBar.monotonicSeconds()
    /// ```
    public static func monotonicSeconds() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }
}

/// `512 it/s`, or `2.5 s/it` for slow steps, where seconds per step reads better.
func formatRate(_ perSecond: Double) -> String {
    // The thresholds sit where "%.1f" would round up, so 99.99 reads "100 it/s", not "100.0 it/s".
    if perSecond >= 99.95 { return String(format: "%.0f it/s", perSecond) }
    if perSecond >= 0.95 { return String(format: "%.1f it/s", perSecond) }
    return String(format: "%.1f s/it", 1 / perSecond)
}

/// `0:07`, `12:30` or `1:02:03`.
func formatDuration(_ seconds: Double) -> String {
    let total = Int(seconds.rounded())
    let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60)
    let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
    return hours > 0 ? "\(hours):\(two(minutes)):\(two(secs))" : "\(minutes):\(two(secs))"
}

/// The width of the terminal on standard error, else `$COLUMNS`, else 80.
private func terminalColumns() -> Int {
    var size = winsize()
    if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 { return Int(size.ws_col) }
    return ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init) ?? 80
}
