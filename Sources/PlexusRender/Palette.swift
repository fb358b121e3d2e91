/// The 256 colours every rendered frame is drawn in. One fixed palette for all
/// frames keeps an animated GIF free of flicker and lets the TIFF and PNG
/// outputs be the same pixels: a frame is drawn as palette indices and
/// expanded to RGB only when written.
///
/// Layout: indices 0…127 a grey ramp for the microscopy image (0 black, 127
/// white), then the component colours, the edge-strength ramp, the mask
/// outline and the event markers.
package enum Palette {
    package typealias RGB = (red: UInt8, green: UInt8, blue: UInt8)

    /// Grey levels of the image ramp.
    package static let greyLevels = 128
    package static let black: UInt8 = 0
    package static let white: UInt8 = 127

    /// Components are coloured by id: component k is `componentColours[k % count]`,
    /// so a component keeps its colour over the whole video. Bright, mutually
    /// distinct hues, none of them the mask outline's cyan or an event colour.
    package static let componentColours: [RGB] = [
        (230, 25, 75), (60, 180, 75), (255, 225, 25), (67, 99, 216), (245, 130, 49),
        (188, 92, 240), (240, 50, 230), (188, 246, 12), (250, 190, 190), (95, 179, 166),
        (230, 190, 255), (201, 163, 107), (255, 250, 200), (255, 111, 97), (170, 255, 195),
        (179, 179, 0), (255, 216, 177), (127, 159, 255), (255, 157, 226), (154, 209, 75),
    ]
    package static let firstComponent = UInt8(greyLevels)

    /// Edges from weakest to strongest quarter of the frame's strongest tie.
    package static let edgeColours: [RGB] = [(90, 61, 0), (140, 95, 0), (197, 134, 0), (255, 174, 0)]
    package static let firstEdge = firstComponent + UInt8(componentColours.count)

    package static let maskOutline = firstEdge + UInt8(edgeColours.count)
    package static let birth = maskOutline + 1
    package static let death = maskOutline + 2
    package static let split = maskOutline + 3
    package static let merge = maskOutline + 4

    static let named: [RGB] = [
        (0, 229, 255),   // mask outline: cyan
        (0, 255, 0),     // birth: green ring
        (255, 0, 0),     // death: red cross where the component was
        (255, 0, 255),   // split: magenta ring
        (64, 128, 255),  // merge: blue square
    ]

    /// The palette index of component `k`.
    package static func component(_ k: Int) -> UInt8 {
        firstComponent + UInt8(((k % componentColours.count) + componentColours.count) % componentColours.count)
    }

    /// The palette index of an edge of `strength` in (0, 1], relative to the frame's strongest edge.
    package static func edge(strength: Double) -> UInt8 {
        let level = min(edgeColours.count - 1, max(0, Int((strength * Double(edgeColours.count)).rounded(.up)) - 1))
        return firstEdge + UInt8(level)
    }

    /// Every colour, by index (fewer than 256 are used; the rest are black).
    package static let colours: [RGB] = {
        var table: [RGB] = (0..<greyLevels).map { i in
            let v = UInt8((Double(i) * 255 / Double(greyLevels - 1)).rounded())
            return (v, v, v)
        }
        table += componentColours
        table += edgeColours
        table += named
        precondition(table.count <= 256)
        return table + Array(repeating: (0, 0, 0), count: 256 - table.count)
    }()

    /// `#rrggbb` of a palette index, for SVG overlays drawn in the same colours.
    package static func hex(_ index: UInt8) -> String {
        let c = colours[Int(index)]
        return "#" + [c.red, c.green, c.blue].map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }
}
