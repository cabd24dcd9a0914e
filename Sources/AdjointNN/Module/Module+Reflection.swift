// How a module finds its parts: Swift's `Mirror` lists the stored properties of the module's
// class and of each superclass, and each property's value is sorted by type. This is the
// MLX Swift design; it costs about a microsecond per property, so hot loops (the trainer's
// steps) keep the parameter list they got once rather than asking again.

/// One part of a module, as found from a stored property.
enum ModuleMember<Scalar: TensorScalar> {
    case parameter(Variable<Scalar>)
    case buffer(Buffer<Scalar>)
    case random(RandomSource)
    case module(Module<Scalar>)
}

extension Module {
    /// This module's own parts, named by property; arrays add `.index`, dictionaries `.key`.
    func members() -> [(String, ModuleMember<Scalar>)] {
        var mirrors: [Mirror] = []
        var mirror: Mirror? = Mirror(reflecting: self)
        while let m = mirror {
            mirrors.append(m)
            mirror = m.superclassMirror
        }
        var result = explicitMembers
        for m in mirrors.reversed() {
            for child in m.children {
                guard let label = child.label else { continue }
                collect(propertyName(label), child.value, into: &result)
            }
        }
        return result
    }

    /// Walks this module and its submodules depth first, keeping the members `pick` selects.
    func walk<T>(_ pick: (ModuleMember<Scalar>) -> T?) -> [(path: String, T)] {
        members().flatMap { name, member -> [(path: String, T)] in
            if case let .module(module) = member {
                return module.walk(pick).map { (name + "." + $0.path, $0.1) }
            }
            return pick(member).map { [(name, $0)] } ?? []
        }
    }
}

/// `lazy var x` is stored as `$__lazy_storage_$_x`, a property wrapper's storage as `_x`.
private func propertyName(_ label: String) -> String {
    if label.hasPrefix("$__lazy_storage_$_") { return String(label.dropFirst("$__lazy_storage_$_".count)) }
    if label.hasPrefix("_") { return String(label.dropFirst()) }
    return label
}

private func collect<S>(_ name: String, _ value: Any, into result: inout [(String, ModuleMember<S>)]) {
    switch value {
    case let v as Variable<S>:
        // A frozen parameter is still one: it is saved and loaded, only not trained.
        if v.isLeaf && (v.requiresGrad || v.isFrozen) { result.append((name, .parameter(v))) }
    case let b as Buffer<S>: result.append((name, .buffer(b)))
    case let r as RandomSource: result.append((name, .random(r)))
    case let m as Module<S>: result.append((name, .module(m)))
    default:
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            if let wrapped = mirror.children.first { collect(name, wrapped.value, into: &result) }
        case .collection:
            for (i, element) in mirror.children.enumerated() { collect("\(name).\(i)", element.value, into: &result) }
        case .dictionary:
            // Key order is not defined, so sort by key to keep paths stable.
            let pairs = mirror.children.compactMap { pair -> (String, Any)? in
                let parts = Array(Mirror(reflecting: pair.value).children)
                guard parts.count == 2 else { return nil }
                return ("\(parts[0].value)", parts[1].value)
            }
            for (key, element) in pairs.sorted(by: { $0.0 < $1.0 }) { collect("\(name).\(key)", element, into: &result) }
        default:
            break
        }
    }
}
