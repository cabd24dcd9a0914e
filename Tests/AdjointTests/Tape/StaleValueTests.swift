import Testing
@testable import Adjoint

// Version counters: a value changed between the forward pass and a backward pass that reads it
// stops with a message; the usual forward, backward, update, forward, backward cycle does not.

@Suite struct StaleValueTests {
    @Test func aLeafChangedBeforeBackwardStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Variable(constant: Tensor<Double>.ones([2, 3]))
            let w = Variable(Tensor<Double>.ones([3, 4]))
            let loss = x.matmul(w).tanh().sum()
            w.value = .zeros([3, 4])
            loss.backward()
        }
        expectStandardError(of: result, contains: [
            "backward: the value of a leaf of shape [3, 4] saved by `matmul` was modified after the forward pass (version 0 -> 1); recompute the forward pass after changing it",
        ])
    }

    @Test func aResultChangedBetweenTwoRetainedPassesStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Variable(Tensor<Double>([1, 2, 3]))
            let e = x.exp()
            let loss = e.sum()
            _ = gradients(of: loss, wrt: [x], retainGraph: true)
            e.value.withUnsafeMutableBufferPointer { $0[0] = 0 }
            _ = gradients(of: loss, wrt: [x])
        }
        expectStandardError(of: result, contains: [
            "gradients: the value of the result of `exp` of shape [3] saved by `sum` was modified after the forward pass (version 0 -> 1)",
        ])
    }

    @Test func aThirdInputBeyondTheInlineVersionsIsCheckedToo() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let parts = [Variable(Tensor<Double>.ones([1, 2])), Variable(Tensor<Double>.ones([1, 2])),
                         Variable(Tensor<Double>.ones([2, 2]))]
            let loss = Variable.concatenate(parts).sum()
            parts[2].value.withUnsafeMutableBufferPointer { $0[0] = 5 }
            parts[2].value.withUnsafeMutableBufferPointer { $0[1] = 5 }
            loss.backward()
        }
        expectStandardError(of: result, contains: [
            "backward: the value of a leaf of shape [2, 2] saved by `concatenate` was modified after the forward pass (version 0 -> 2)",
        ])
    }

    @Test func threeUnchangedInputsPassTheCheck() {
        let parts = [V(T([1, 2])), V(T([3])), V(T([4, 5, 6]))]
        (Variable.concatenate(parts) * V(constant: T([1, 2, 3, 4, 5, 6]))).sum().backward()
        #expect(parts.map { $0.grad!.scalars } == [[1, 2], [3], [4, 5, 6]])
    }

    @Test func updatesBetweenStepsAreCountedInPlaceAndAllowed() {
        let x = Variable(constant: Tensor<Double>([1, 2, 3, 4, 5, 6], shape: [2, 3]))
        let w = Variable(Tensor<Double>([0.5, -0.25, 0.125], shape: [3, 1]))
        var state: [Tensor<Double>] = []
        for step in 1...3 {
            let loss = x.matmul(w).tanh().squared().sum()
            loss.backward()
            let reference = {
                let fresh = V(T(w.value.scalars, shape: w.shape))   // its own storage: `w`'s stays unshared
                return gradients(of: x.matmul(fresh).tanh().squared().sum(), wrt: [fresh])[0].value
            }()
            #expect(w.grad == reference, "step \(step): the gradient differs from one on a fresh leaf")
            let storage = w.value.withUnsafeBufferPointer { $0.baseAddress }
            w.value.update(gradient: w.grad!, state: &state) { v in v.weight -= 0.1 * v.gradient }
            #expect(w.value.withUnsafeBufferPointer { $0.baseAddress } == storage, "the update copied the weights")
            #expect(w.version == step)
            w.zeroGrad()
        }
    }
}
