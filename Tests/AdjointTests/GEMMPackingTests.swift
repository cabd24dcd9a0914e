import Testing
@testable import Adjoint
import CKernels
#if canImport(Glibc)
import Glibc
#endif

/// The packer that turns operands around (`packTransposed`: op(A) with contiguous rows into
/// 12-row panels, op(B) stored transposed into NR-column panels) against its definition, on
/// every instruction set this CPU has, and never reading outside the rows it packs.
@Suite struct GEMMPackingTests {
    /// `rows x len` elements, rows `ld` apart, packed as panels `width` high, checked element by
    /// element against `dst[q0 * len + p * width + t] = src[(q0 + t) * ld + p]`, zero past `rows`.
    static func packingFailure<S: GEMMScalar>(_: S.Type, rows: Int, len: Int, ld: Int, width: Int) -> String? {
        let src = (0..<max(1, rows * ld)).map { S(Double($0 % 1009) - 500) }
        let panels = (rows + width - 1) / width
        var dst = [S](repeating: .nan, count: max(1, panels * width * len))
        src.withUnsafeBufferPointer { s in
            dst.withUnsafeMutableBufferPointer { d in
                S.packTransposed(rows: rows, len: len, s.baseAddress!, ld: ld, width: width, into: d.baseAddress!)
            }
        }
        for q in 0..<panels {
            for p in 0..<len {
                for t in 0..<width {
                    let row = q * width + t
                    let expected: S = row < rows ? src[row * ld + p] : 0
                    let got = dst[q * width * len + p * width + t]
                    if got != expected { return "\(S.self) rows \(rows) len \(len) ld \(ld) width \(width): (\(row), \(p)) is \(got), not \(expected)" }
                }
            }
        }
        return nil
    }

    static func failures(isa: adjoint_isa) -> [String] {
        var found: [String] = []
        for width in [gemmMR, 2 * Float.GEMMVector.scalarCount, 2 * Double.GEMMVector.scalarCount] {
            // Rows around a panel and its 8-row (4-row) blocks, lengths around the 8 x 8 (4 x 4) blocks.
            for rows in [1, 4, 7, 8, 11, 12, 13, 16, 20, 31, 32, 33, 70] {
                for len in [1, 3, 4, 7, 8, 9, 16, 17, 29] {
                    for extra in [0, 3] {
                        found += [packingFailure(Float.self, rows: rows, len: len, ld: len + extra, width: width),
                                  packingFailure(Double.self, rows: rows, len: len, ld: len + extra, width: width)]
                            .compactMap { $0 }.map { "instruction set \(isa.rawValue): \($0)" }
                    }
                }
            }
        }
        return found
    }

    @Test func everyInstructionSetPacksByTheDefinition() async {
        // Selecting an instruction set is process-wide (see GEMMInstructionSetTests): a child process.
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            var failures: [String] = []
            var isa = ADJOINT_ISA_BASELINE
            while isa.rawValue <= adjoint_isa_detected().rawValue {
                guard adjoint_isa_select(isa) == 1 else { fatalError("instruction set \(isa.rawValue) refused") }
                failures += Self.failures(isa: isa)
                isa = adjoint_isa(rawValue: isa.rawValue + 1)
            }
            if !failures.isEmpty { fatalError(failures.prefix(5).joined(separator: "\n")) }
        }
        let errors = result.map { String(decoding: $0.standardErrorContent, as: UTF8.self) } ?? ""
        #expect(errors.isEmpty, "\(errors)")
    }

    /// The last row ends where an inaccessible page begins: any read past it crashes the test.
    @Test(arguments: [1, 9, 17, 24])
    func packingNeverReadsPastTheRows(len: Int) throws {
        let rows = 37
        try withFloatsBeforeAGuardPage(count: rows * len) { src in
            for i in 0..<rows * len { src[i] = Float(i) }
            for width in [gemmMR, 2 * Float.GEMMVector.scalarCount] {
                let panels = (rows + width - 1) / width
                var dst = [Float](repeating: .nan, count: panels * width * len)
                dst.withUnsafeMutableBufferPointer { d in
                    Float.packTransposed(rows: rows, len: len, src, ld: len, width: width, into: d.baseAddress!)
                }
                // The last row's last element, in its panel.
                let q = (rows - 1) / width, t = (rows - 1) % width
                #expect(dst[q * width * len + (len - 1) * width + t] == Float(rows * len - 1))
            }
        }
    }
}
