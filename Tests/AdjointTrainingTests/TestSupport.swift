import Foundation
import FoundationXML

/// A fresh empty directory under the system's temporary directory.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("adjoint-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// An SVG parsed as XML; parsing fails on any escaping mistake.
func parseSVG(_ svg: String) throws -> XMLDocument {
    try XMLDocument(xmlString: svg, options: [])
}

/// Elements named `name` (ignoring the SVG namespace), optionally only those of `class`.
func elements(_ document: XMLDocument, _ name: String, class className: String? = nil) throws -> [XMLElement] {
    let filter = className.map { "[@class='\($0)']" } ?? ""
    return try document.nodes(forXPath: "//*[local-name()='\(name)']\(filter)").compactMap { $0 as? XMLElement }
}

extension XMLElement {
    // `attribute(forName:)` finds nothing inside the SVG namespace on Linux, so search by name.
    func string(_ attribute: String) -> String? { attributes?.first { $0.name == attribute }?.stringValue }
    func number(_ attribute: String) -> Double? { string(attribute).flatMap(Double.init) }
}

/// The (x, y) pairs of a polyline's `points` attribute.
func polylinePoints(_ element: XMLElement) -> [(Double, Double)] {
    (element.string("points") ?? "").split(separator: " ").map { pair in
        let xy = pair.split(separator: ",").map { Double($0)! }
        return (xy[0], xy[1])
    }
}
