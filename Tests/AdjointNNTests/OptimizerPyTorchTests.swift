import Foundation
import Testing
@testable import AdjointNN

// SGD, Adam, AdamW, RMSprop and Adagrad against torch.optim's trajectories over 20 steps
// (Fixtures/optimizer_vectors.json): plain, with momentum, dampening, Nesterov, coupled and
// decoupled weight decay, centred, two parameter groups, and rates halved mid-run.

@Suite struct OptimizerPyTorchTrajectories {
    @Test(arguments: OptimizerCase.names)
    func doubleFollowsPyTorch(name: String) {
        let fixture = OptimizerCase.all[name]!
        let worst = fixture.worstDifference(fixture.run(as: Double.self))
        print("\(name): Double, worst |difference| from torch over 20 steps \(worst)")
        #expect(worst < 1e-12)
    }

    /// Float rounds each step to about 1e-7 of the weights; over 20 steps it stays under 1e-5.
    @Test(arguments: OptimizerCase.names)
    func floatAgreesLoosely(name: String) {
        let fixture = OptimizerCase.all[name]!
        let worst = fixture.worstDifference(fixture.run(as: Float.self))
        print("\(name): Float, worst |difference| from torch over 20 steps \(worst)")
        #expect(worst < 1e-5)
    }

    /// The fixture's plain cases give torch only a learning rate: its other arguments are
    /// torch's defaults, which Adjoint's must equal.
    @Test func defaultsArePyTorchs() {
        let w = [Variable(Tensor<Double>([1]))]
        let sgd = SGD(w, learningRate: 0.1), plainSGD = OptimizerCase.all["sgd"]!
        #expect(sgd.momentum == plainSGD.number("momentum") && sgd.dampening == plainSGD.number("dampening"))
        #expect(sgd.nesterov == plainSGD.flag("nesterov") && sgd.weightDecay == plainSGD.number("weight_decay"))
        for (name, fixture) in [("adam", Adam(w, learningRate: 0.01)), ("adamw", AdamW(w, learningRate: 0.01))] as [(String, Optimizer<Double>)] {
            let expected = OptimizerCase.all[name]!
            let (b1, b2, eps) = fixture is Adam<Double>
                ? ((fixture as! Adam<Double>).beta1, (fixture as! Adam<Double>).beta2, (fixture as! Adam<Double>).epsilon)
                : ((fixture as! AdamW<Double>).beta1, (fixture as! AdamW<Double>).beta2, (fixture as! AdamW<Double>).epsilon)
            #expect([b1, b2] == expected.betas() && eps == expected.number("eps"), "\(name)")
            #expect(fixture.weightDecay == expected.number("weight_decay"), "\(name)")
        }
        let rmsprop = RMSprop(w), torchRMSprop = OptimizerCase.all["rmsprop"]!
        #expect(rmsprop.learningRate == 0.01 && rmsprop.alpha == torchRMSprop.number("alpha") && rmsprop.epsilon == torchRMSprop.number("eps"))
        #expect(rmsprop.momentum == torchRMSprop.number("momentum") && rmsprop.centered == torchRMSprop.flag("centered"))
        let adagrad = Adagrad(w), torchAdagrad = OptimizerCase.all["adagrad"]!
        #expect(adagrad.learningRate == 0.01 && adagrad.epsilon == torchAdagrad.number("eps"))
        #expect(adagrad.learningRateDecay == torchAdagrad.number("lr_decay"))
        #expect(adagrad.initialAccumulatorValue == torchAdagrad.number("initial_accumulator_value"))
        #expect(Adam(w).learningRate == 1e-3 && AdamW(w).learningRate == 1e-3)
    }

    /// The course's `Momentum` (`v = mu v - lr g; w += v`) and PyTorch's SGD momentum
    /// (`b = mu b + g; w -= lr b`) agree while the rate is constant and part once it changes.
    @Test func courseMomentumMatchesPyTorchsOnlyAtAConstantRate() {
        func run(_ make: ([Variable<Double>]) -> Optimizer<Double>, halveAt: Int) -> [Double] {
            let w = Variable(Tensor<Double>([0.5, -1.2, 2.0]))
            let optimizer = make([w])
            for step in 1...10 {
                w.grad = w.value * w.value * w.value - 0.3
                optimizer.step()
                if step == halveAt { optimizer.learningRate *= 0.5 }
            }
            return w.value.scalars
        }
        let course = { (p: [Variable<Double>]) -> Optimizer<Double> in Momentum(p, learningRate: 0.05, momentum: 0.9) }
        let torch = { (p: [Variable<Double>]) -> Optimizer<Double> in SGD(p, learningRate: 0.05, momentum: 0.9) }
        let constant = relativeError(Tensor(run(course, halveAt: 0)), Tensor(run(torch, halveAt: 0)))
        let halved = relativeError(Tensor(run(course, halveAt: 5)), Tensor(run(torch, halveAt: 5)))
        print("Momentum vs SGD(momentum:) after 10 steps: constant rate \(constant), rate halved after 5 \(halved)")
        #expect(constant < 1e-13)
        #expect(halved > 1e-3)
    }
}
