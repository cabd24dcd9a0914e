import Testing
@testable import Adjoint

// A node's inputs and its pullback's gradients: up to two inline, more in an array. The graph
// frees values by checking uniqueness through the list's own slots, so that must see exactly
// the references the list holds.

@Suite struct NodeListTests {
    @Test func holdsEachCountInOrder() {
        let a = V(T(1)), b = V(T(2)), c = V(T(3))
        for elements in [[], [a], [a, b], [a, b, c], [c, b, a, b]] {
            let list = NodeList(contentsOf: elements)
            #expect(list.count == elements.count)
            #expect(zip(list, elements).allSatisfy { $0 === $1 })
        }
        #expect(NodeList(a, b)[1] === b)
        #expect(NodeList(a).count == 1)
    }

    @Test func gradientsKeepTheirNils() {
        let g = V(T(1))
        let gradients = NodeList<V?>(nil, g)
        #expect(gradients.count == 2)
        #expect(gradients[0] == nil)
        #expect(gradients[1] === g)
    }

    @Test(arguments: [2, 3])
    func uniquenessSeesOnlyTheListsReferences(count: Int) {
        var list = NodeList(contentsOf: (0..<count).map { V(T(Double($0))) })
        for k in 0..<count {
            let unique = list.isUniquelyReferenced(at: k)
            #expect(unique, "element \(k) of \(count)")
        }
        let held = list[1]
        let heldIsUnique = list.isUniquelyReferenced(at: 1), firstIsUnique = list.isUniquelyReferenced(at: 0)
        #expect(!heldIsUnique, "element 1 of \(count), also held outside")
        #expect(firstIsUnique)
        withExtendedLifetime(held) {}
    }
}
