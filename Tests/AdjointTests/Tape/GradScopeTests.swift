import Foundation
import Testing
@testable import Adjoint

// What gets recorded and for how long: no-grad scopes, detaching, and freeing the graph.

@Suite struct GradScopeTests {
    let x0 = T([0.5, -1.5, 2])

    @Test func withoutGradientsRecordsNothing() {
        let x = V(x0)
        #expect(GradMode.isEnabled)
        let y = withoutGradients { (x * x).tanh().sum() }
        #expect(!y.requiresGrad && y.isLeaf && y.primitiveName == "leaf")
        #expect(y.value.scalar == (x0 * x0).tanh().sum().scalar)
        #expect(withoutGradients { GradMode.isEnabled } == false)
        #expect(GradMode.isEnabled)
        // Nested scopes restore the outer mode.
        GradMode.with(false) {
            #expect(GradMode.with(true) { (x * 2).requiresGrad })
            #expect(!(x * 2).requiresGrad)
        }
        #expect((x * 2).requiresGrad)
    }

    @Test func constantsOnlyRecordNothing() {
        let c = V(constant: x0)
        #expect(!(c * c + 1).requiresGrad)
    }

    @Test func detachedStopsTheGradient() {
        let x = V(x0)
        // f = sum(x * stop(x)): the gradient is stop(x) only, not 2x.
        (x * x.detached()).sum().backward()
        expectClose(x.grad!, x0)
        #expect(!x.detached().requiresGrad)
        #expect(x.detached().value == x0)
    }

    @Test func retainGraphAllowsASecondBackward() {
        let x = V(x0)
        let y = (x * x).tanh().sum()
        y.backward(retainGraph: true)
        let once = x.grad!
        y.backward()
        expectClose(x.grad!, once * 2)
        // After both, the graph is freed.
        let y2 = (x * x).sum()
        _ = gradients(of: y2, wrt: [x], retainGraph: true)
        expectClose(gradients(of: y2, wrt: [x])[0].value, 2 * x0)
    }

    @Test func aSecondBackwardWithoutRetainGraphStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Variable(Tensor<Double>([1, 2]))
            let y = (x * x).tanh().sum()
            y.backward()
            y.backward()
        }
        expectStandardError(of: result, contains: [
            "backward: the graph through `sum` (shape []) was freed by an earlier backward",
            "pass retainGraph: true to the first one",
        ])
    }

    @Test func aBackwardThroughAFreedSharedSubgraphStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Variable(Tensor<Double>([1, 2]))
            let shared = x * 3
            shared.sum().backward()
            (shared * 2).sum().backward()
        }
        expectStandardError(of: result, contains: ["the graph through `scale` (shape [2]) was freed by an earlier backward"])
    }

    @Test func aLongGraphIsFreedWithoutDeepRecursion() async {
        // A running total of 20,000 results, never differentiated, dropped on a thread with a
        // 256 KB stack: freeing it one node per stack frame would overflow.
        await #expect(processExitsWith: .success) {
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                do {
                    let x = Variable(Tensor<Double>([1]))
                    var total = x
                    for _ in 0..<20_000 { total = total + x * 2 }
                    precondition(total.value.scalar == 40_001)
                }
                done.signal()
            }
            thread.stackSize = 1 << 18
            thread.start()
            done.wait()
        }
    }
}
