import Testing
@testable import AdjointTraining

/// A progress bar whose clock the test moves and whose output it keeps.
final class ProgressHarness {
    var now = 0.0
    var output = ""
    func bar(_ total: Int, _ style: ProgressBar.Style, _ columns: Int) -> ProgressBar {
        ProgressBar(total: total, label: "train", style: style, redrawInterval: 0.1, lineInterval: 5, columns: columns,
                    write: { self.output += $0 }, clock: { self.now })
    }
}

@Suite struct ProgressBarTests {
    @Test func linesEveryTenPercentThenADoneLine() {
        let h = ProgressHarness()
        let progress = h.bar(100, .lines, 80)
        for i in 1...100 {
            h.now += 0.01
            progress.update(completed: i, status: "loss \(i)")
        }
        progress.finish()
        let lines = h.output.split(separator: "\n")
        #expect(lines.count == 10)
        #expect(lines[0] == "train 10/100   10.0%  100 it/s  ETA 0:01  loss 10")
        #expect(lines[9] == "train 100/100  100.0%  100 it/s  done in 0:01  loss 100")
        #expect(!h.output.contains("\r"))
    }

    @Test func linesAtLeastEveryIntervalWhenProgressIsSlow() {
        let h = ProgressHarness()
        let progress = h.bar(0, .lines, 80)
        for i in 1...12 {
            h.now += 1
            progress.advance(status: "step \(i)")
        }
        #expect(h.output == "train 5  1.0 it/s  step 5\ntrain 10  1.0 it/s  step 10\n")
    }

    @Test func terminalRedrawsInPlaceAndIsThrottled() {
        let h = ProgressHarness()
        let progress = h.bar(1000, .terminal, 72)
        for _ in 1...1000 {
            h.now += 0.01
            progress.advance()
        }
        progress.finish(status: "best 0.83")
        let frames = h.output.split(separator: "\r").map { $0.replacingOccurrences(of: "\u{1B}[K", with: "") }
        #expect(frames.count >= 80 && frames.count <= 110)
        #expect(frames.dropLast().allSatisfy { !$0.contains("\n") && $0.count < 72 })
        let middle = frames[frames.count / 2]
        #expect(middle.hasPrefix("train [") && middle.contains("it/s") && middle.contains("ETA 0:0"))
        #expect(frames.last!.hasSuffix("1000/1000  100.0%  100 it/s  done in 0:10  best 0.83\n"))
        // 72 columns leave the bar its minimum of 10 cells, all full at the end.
        #expect(frames.last!.contains("train [" + String(repeating: "\u{2588}", count: 10) + "] 1000/1000"))
    }

    @Test func messagesPrintAboveTheBar() {
        let h = ProgressHarness()
        let progress = h.bar(10, .terminal, 80)
        h.now = 1
        progress.update(completed: 5)
        progress.message("epoch 1: val acc 0.81")
        #expect(h.output.contains("\r\u{1B}[Kepoch 1: val acc 0.81\n\r\u{1B}[Ktrain ["))
    }

    @Test func slowStepsShowSecondsPerIteration() {
        #expect(formatRate(0.4) == "2.5 s/it")
        #expect(formatRate(12.34) == "12.3 it/s")
        #expect(formatDuration(3723) == "1:02:03")
        #expect(formatDuration(59.6) == "1:00")
    }

    @Test func updatesAfterFinishAreIgnored() {
        let h = ProgressHarness()
        let progress = h.bar(10, .lines, 80)
        progress.finish()
        let after = h.output
        progress.update(completed: 5)
        progress.finish()
        #expect(h.output == after)
    }
}
