import Testing
@testable import Adjoint

// Anomaly detection names the primitive, the pass and the line of the caller's code that
// recorded it; outside the scope nothing is checked.

@Suite struct AnomalyDetectionTests {
    let here = "AdjointTests/AnomalyDetectionTests.swift"

    /// The anomaly `body` throws out of `withAnomalyDetection`, or nil (recorded as an issue).
    func anomaly(_ body: () -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> AnomalyError? {
        do {
            try withAnomalyDetection(body)
            Issue.record("no anomaly was reported", sourceLocation: sourceLocation)
        } catch let error as AnomalyError {
            return error
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    @Test func aForwardNaNNamesThePrimitiveAndTheCallersLine() {
        let x = V(T([1, -1, 2]))
        var line: UInt = 0
        let error = anomaly {
            let doubled = x * 2
            line = #line + 1
            let y = doubled.log()
            y.sum().backward()
        }
        #expect(error?.primitive == .log)
        #expect(error?.pass == .forward)
        #expect(error?.value == "NaN")
        #expect(error?.inputShapes == [[3]])
        #expect(error?.location == [CodeLocation(fileID: "AdjointTests/AnomalyDetectionTests.swift", line: line)])
        #expect(error?.inputsWereFinite == true)
        #expect(error?.description == "anomaly: `log` of [3] gave NaN in the forward pass at \(here):\(line)")
        // The backward pass in the scope, after the anomaly, wrote no gradient.
        #expect(x.grad == nil)
    }

    @Test func aBackwardInfinityNamesTheBackwardCallAndTheForwardLine() {
        let x = V(T([0, 1, 4]))
        var (forwardLine, backwardLine): (UInt, UInt) = (0, 0)
        let error = anomaly {
            forwardLine = #line + 1
            let root = x.sqrt()                    // finite: [0, 1, 2]
            let loss = root.sum()
            backwardLine = #line + 1
            loss.backward()                        // d sqrt / dx = 1 / (2 * 0) at x = 0
        }
        #expect(error?.primitive == .sqrt)
        #expect(error?.pass == .backward)
        #expect(error?.value == "infinity")
        #expect(error?.location.first?.line == backwardLine)
        #expect(error?.forwardLocation.first?.line == forwardLine)
        #expect(error?.inputsWereFinite == true)
        #expect(error?.description == "anomaly: the pullback of `sqrt` of [3] gave infinity in the backward pass started at \(here):\(backwardLine); `sqrt` was recorded at \(here):\(forwardLine)")
        #expect(x.grad == nil)
    }

    @Test func anOperatorIsPlacedByTheEnclosingSourceLocation() {
        let x = V(T([1, 2])), zero = V(constant: T([0, 1]))
        var (outer, inner): (UInt, UInt) = (0, 0)
        let error = anomaly {
            outer = #line + 1
            withSourceLocation {
                inner = #line + 1
                _ = withSourceLocation { x / zero }
            }
        }
        #expect(error?.primitive == .divide)
        #expect(error?.inputShapes == [[2], [2]])
        #expect(error?.location.map(\.line) == [inner, outer])
        #expect(error?.location.allSatisfy { $0.fileID == here } == true)
    }

    @Test func aCompositionNamesItsCallersLine() {
        let big = V(T([1e308, 1e308]))
        var line: UInt = 0
        // `mean` calls the named `sum` inside Compositions.swift: its line, then the caller's.
        let inMean = anomaly {
            line = #line + 1
            _ = big.mean()
        }
        #expect(inMean?.primitive == .sum)
        #expect(inMean?.value == "infinity")
        #expect(inMean?.location.map(\.fileID) == ["Adjoint/Compositions.swift", here])
        #expect(inMean?.location.last?.line == line)
        // `squared` is an operator inside: only the caller's line.
        let inSquared = anomaly {
            line = #line + 1
            _ = big.squared()
        }
        #expect(inSquared?.primitive == .multiply)
        #expect(inSquared?.location == [CodeLocation(fileID: "AdjointTests/AnomalyDetectionTests.swift", line: line)])
    }

    @Test func finiteWorkReturnsItsValueAndGradients() throws {
        let x = V(T([1, 2, 3]))
        let total = try withAnomalyDetection {
            let loss = (x.log() * x).sum()
            loss.backward()
            return loss.value.scalar
        }
        #expect(total == (T([1, 2, 3]).log() * T([1, 2, 3])).sum().scalar)
        expectClose(x.grad!, T([1, 2, 3]).log() + 1)
    }

    @Test func outsideTheScopeNothingIsCheckedOrKept() {
        let x = V(T([-1]))
        let y = x.log()
        #expect(y.value.scalars[0].isNaN)
        #expect(y.recordedAt == nil)
        #expect(TapeMode.current.anomalies == nil)
        y.sum().backward()
        #expect(x.grad != nil)
    }

    @Test func anInputThatWasAlreadyNotFiniteIsSaidSo() {
        let x = V(T([.nan, 1]))
        let error = anomaly { _ = x.exp() }
        #expect(error?.inputsWereFinite == false)
        #expect(error?.description.hasSuffix("(an input was already not finite)") == true)
    }
}
