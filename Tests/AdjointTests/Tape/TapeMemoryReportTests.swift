import Testing
@testable import Adjoint

// The memory report counts every value the graph keeps once, by primitive; a value no
// pullback reads and only the graph holds is freed and counts 0 bytes.

@Suite struct TapeMemoryReportTests {
    @Test func countsEachStorageOnceByPrimitive() {
        let x = V(constant: random([4, 3], seed: 1))
        let w = V(random([3, 5], seed: 2))
        let h = x.matmul(w).tanh()            // frees the matmul's output: tanh reads its own
        let flat = h.reshaped([20])           // shares the storage of `h`: counted for `tanh`
        let loss = (flat * flat).sum()
        let report = loss.memoryReport(largest: 2)
        let size = MemoryLayout<Double>.size
        var rows: [String: [Int]] = [:]
        for row in report.rows { rows[row.primitiveName] = [row.nodes, row.bytes] }
        #expect(rows == [
            "constant": [1, 12 * size], "leaf": [1, 15 * size], "matmul": [1, 0], "tanh": [1, 20 * size],
            "reshape": [1, 0], "multiply": [1, 20 * size], "sum": [1, 1 * size],
        ])
        #expect(report.totalNodes == 7)
        #expect(report.totalBytes == (12 + 15 + 20 + 20 + 1) * size)   // x, w, tanh, multiply, sum
        #expect(Swift.abs(report.rows.map(\.share).reduce(0, +) - 1) < 1e-12)
        #expect(report.rows.map(\.bytes) == report.rows.map(\.bytes).sorted(by: >))
        #expect(report.largest == [.init(primitiveName: "tanh", shape: [4, 5], bytes: 20 * size),
                                   .init(primitiveName: "multiply", shape: [20], bytes: 20 * size)])
    }

    @Test func printsAnAlignedTable() {
        let x = V(random([8, 8], seed: 3))
        let report = (x.exp() * x).sum().memoryReport()
        let lines = report.description.split(separator: "\n").map(String.init)
        print(report)
        #expect(lines.first?.hasPrefix("primitive") == true)
        let table = lines.prefix(report.rows.count + 2)     // header, rows, total
        #expect(Set(table.map(\.count)).count == 1, "columns are not aligned:\n\(report)")
        #expect(table.last?.hasPrefix("total") == true)
        #expect(table.last?.hasSuffix("100.0 %") == true)
        #expect(lines.contains("largest tensors:"))
        #expect(TapeMemoryReport.format(bytes: 512) == "512 B")
        #expect(TapeMemoryReport.format(bytes: 1536) == "1.5 KiB")
        #expect(TapeMemoryReport.format(bytes: 3 << 20) == "3.0 MiB")
    }

    @Test func aFreedGraphKeepsOnlyItsOutput() {
        let x = V(random([3], seed: 4))
        let loss = x.tanh().sum()
        #expect(loss.memoryReport().totalNodes == 3)
        loss.backward()
        #expect(loss.memoryReport().totalNodes == 1)
        #expect(loss.memoryReport().totalBytes == MemoryLayout<Double>.size)
    }
}
