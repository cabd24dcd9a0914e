import Foundation
import Synchronization
import Testing
@testable import Adjoint

// Independent graphs on different threads do not interfere, and a no-grad scope belongs to
// the thread (or task) that opened it.

@Suite struct ThreadSafetyTests {
    /// Trains a tiny two-layer regression net with SGD on the tape; returns the final
    /// parameters and the loss curve.
    static func train(seed: UInt64, steps: Int = 40) -> [Tensor<Float>] {
        var rng = SeededGenerator(seed: seed)
        let x = Variable(constant: Tensor<Float>.randn([16, 4], using: &rng))
        let y = Variable(constant: Tensor<Float>.randn([16, 1], using: &rng))
        let parameters = [
            Variable(Tensor<Float>.randn([4, 8], std: 0.5, using: &rng)), Variable(Tensor<Float>.zeros([8])),
            Variable(Tensor<Float>.randn([8, 1], std: 0.5, using: &rng)), Variable(Tensor<Float>.zeros([1])),
        ]
        var losses: [Float] = []
        for _ in 0..<steps {
            let hidden = (x.matmul(parameters[0]) + parameters[1]).tanh()
            let error = hidden.matmul(parameters[2]) + parameters[3] - y
            let loss = (error * error).mean()
            loss.backward()
            withoutGradients {
                for p in parameters {
                    p.value -= 0.1 * p.grad!
                    p.zeroGrad()
                }
            }
            losses.append(loss.value.scalar)
        }
        return parameters.map(\.value) + [Tensor(losses)]
    }

    /// Runs each of `bodies` on its own thread, all released at once, and waits for them.
    static func runOnThreads(_ bodies: [@Sendable () -> Void]) {
        let ready = DispatchSemaphore(value: 0), go = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        for body in bodies {
            Thread {
                ready.signal()
                go.wait()
                body()
                done.signal()
            }.start()
        }
        for _ in bodies { ready.wait() }
        for _ in bodies { go.signal() }
        for _ in bodies { done.wait() }
    }

    @Test func concurrentTrainingMatchesSequentialBitForBit() {
        let sequential = [Self.train(seed: 1), Self.train(seed: 2)]
        let results = Mutex<[Int: [Tensor<Float>]]>([:])
        Self.runOnThreads([1, 2].map { seed in
            { @Sendable in
                let trained = Self.train(seed: UInt64(seed))
                results.withLock { $0[seed - 1] = trained }
            }
        })
        let concurrent = results.withLock { $0 }
        for i in 0..<2 {
            #expect(concurrent[i] == sequential[i], "model \(i) differs when trained concurrently")
        }
        // The models did learn, and differently.
        for model in sequential {
            let losses = model.last!.scalars
            #expect(losses.last! < losses.first! * 0.8, "loss \(losses.first!) -> \(losses.last!)")
        }
        #expect(sequential[0] != sequential[1])
    }

    @Test func gradientsOfSharedParametersOnTwoThreads() {
        // Data-parallel style: one set of parameters, a different batch per thread.
        var rng = SeededGenerator(seed: 3)
        let w = Variable(Tensor<Double>.randn([6, 6], using: &rng))
        let batches = (0..<2).map { _ in Variable(constant: Tensor<Double>.randn([8, 6], using: &rng)) }
        @Sendable func gradient(_ batch: Variable<Double>) -> Tensor<Double> {
            var h = batch
            for _ in 0..<4 { h = h.matmul(w).tanh() }
            return gradients(of: (h * h).sum(), wrt: [w])[0].value
        }
        let expected = batches.map(gradient)
        let mismatches = Mutex(0)
        Self.runOnThreads(batches.indices.map { i in
            { @Sendable in
                for _ in 0..<200 where gradient(batches[i]) != expected[i] {
                    mismatches.withLock { $0 += 1 }
                }
            }
        })
        #expect(mismatches.withLock { $0 } == 0)
    }

    @Test func aSharedIntermediateDifferentiatedOnTwoThreads() {
        // One result node, `h`, under two losses built and differentiated on two threads at
        // once: the passes must not share any bookkeeping on `h` or on the graph below it.
        var rng = SeededGenerator(seed: 4)
        let x = Variable(constant: Tensor<Double>.randn([8, 6], using: &rng))
        let w = Variable(Tensor<Double>.randn([6, 6], using: &rng))
        let h = x.matmul(w).tanh()
        @Sendable func gradient(_ loss: Int) -> [Tensor<Double>] {
            let output = loss == 0 ? (h * h).sum() : (h.exp() * h).mean()
            return gradients(of: output, wrt: [w, h], retainGraph: true).map(\.value)
        }
        let expected = [gradient(0), gradient(1)]
        #expect(expected[0] != expected[1])
        let mismatches = Mutex(0)
        Self.runOnThreads([0, 1].map { loss in
            { @Sendable in
                for _ in 0..<500 where gradient(loss) != expected[loss] {
                    mismatches.withLock { $0 += 1 }
                }
            }
        })
        #expect(mismatches.withLock { $0 } == 0)
    }

    @Test func aNoGradScopeStaysOnItsThread() {
        let insideScope = DispatchSemaphore(value: 0), otherDone = DispatchSemaphore(value: 0)
        let observations = Mutex<[String: Bool]>([:])
        Self.runOnThreads([
            {
                withoutGradients {
                    insideScope.signal()
                    otherDone.wait()
                    let x = Variable(Tensor<Double>([1, 2]))
                    observations.withLock {
                        $0["scoped thread enabled"] = GradMode.isEnabled
                        $0["scoped thread records"] = (x * x).requiresGrad
                    }
                }
            },
            {
                insideScope.wait()
                let x = Variable(Tensor<Double>([1, 2]))
                observations.withLock {
                    $0["other thread enabled"] = GradMode.isEnabled
                    $0["other thread records"] = (x * x).requiresGrad
                }
                otherDone.signal()
            },
        ])
        let seen = observations.withLock { $0 }
        #expect(seen == [
            "scoped thread enabled": false, "scoped thread records": false,
            "other thread enabled": true, "other thread records": true,
        ])
    }

    @Test func aNoGradScopeStaysInItsTask() async {
        async let scoped: Bool = withoutGradients {
            // Still inside the scope after other work had the chance to run.
            Thread.sleep(forTimeInterval: 0.01)
            return GradMode.isEnabled
        }
        async let other: Bool = {
            Thread.sleep(forTimeInterval: 0.005)
            return (Variable(Tensor<Double>([1])) * 2).requiresGrad
        }()
        let (scopedEnabled, otherRecords) = await (scoped, other)
        #expect(scopedEnabled == false)
        #expect(otherRecords == true)
    }
}
