import Foundation
import FoundationXML
import Testing
@testable import AdjointTraining

@Suite struct ImageGridTests {
    func imageGroups(_ grid: ImageGrid) throws -> [XMLElement] {
        try elements(try parseSVG(grid.svg()), "g", class: "image")
    }

    /// Each rect covers `width` unit pixels; the group's pixels as (area, fills).
    func pixels(of group: XMLElement) -> (area: Double, fills: [String]) {
        let rects = (group.children ?? []).compactMap { $0 as? XMLElement }
        return (rects.reduce(0) { $0 + ($1.number("width") ?? .nan) * ($1.number("height") ?? .nan) }, rects.compactMap { $0.string("fill") })
    }

    @Test func everyPixelOfEveryImageIsDrawn() throws {
        let images = Tensor<Float>(linspace: -1, 1, count: 3 * 4 * 5).reshaped([3, 4, 5, 1])
        let groups = try imageGroups(ImageGrid(images, title: "filters"))
        #expect(groups.count == 3)
        for group in groups {
            let (area, fills) = pixels(of: group)
            #expect(area == 20)
            // Stretched per image: its darkest pixel black, its brightest white.
            #expect(fills.first == "#000000" && fills.last == "#ffffff")
        }
    }

    @Test func rgbChannelsAndUnitScaling() throws {
        let images = Tensor<Double>([1, 0, 0, 0, 1, 0, 0, 0, 1, 0.5, 0.5, 0.5], shape: [1, 2, 2, 3])
        let groups = try imageGroups(ImageGrid(images, scaling: .unit))
        #expect(pixels(of: groups[0]).fills == ["#ff0000", "#00ff00", "#0000ff", "#808080"])
    }

    @Test func sharedScalingKeepsRelativeStrength() throws {
        let images = Tensor<Float>([0, 1, 0, 4], shape: [2, 1, 2])
        let groups = try imageGroups(ImageGrid(images, scaling: .shared))
        #expect(pixels(of: groups[0]).fills == ["#000000", "#404040"])
        #expect(pixels(of: groups[1]).fills == ["#000000", "#ffffff"])
    }

    @Test func equalNeighboursShareARectAndConstantImagesAreGrey() throws {
        let groups = try imageGroups(ImageGrid(Tensor<Float>.ones([1, 3, 28])))
        let (area, fills) = pixels(of: groups[0])
        #expect(area == 84)
        #expect(fills == ["#808080", "#808080", "#808080"])
    }

    @Test func gridLayoutAndCaptions() throws {
        let grid = ImageGrid(Tensor<Float>.zeros([5, 2, 2]), labels: ["a", "b", "c", "d", "<e>"], columns: 2, pixelSize: 10)
        let document = try parseSVG(grid.svg())
        #expect(try elements(document, "text", class: "caption").map(\.stringValue) == ["a", "b", "c", "d", "<e>"])
        let frames = try elements(document, "rect", class: "frame")
        #expect(Set(frames.compactMap { $0.number("x") }).count == 2)
        #expect(Set(frames.compactMap { $0.number("y") }).count == 3)
        #expect(frames.allSatisfy { $0.number("width") == 21 })
    }
}
