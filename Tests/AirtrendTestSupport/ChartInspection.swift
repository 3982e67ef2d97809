import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// What the chart and page tests read from the real binary's output: XML elements by local name,
/// CSV rows, and rough text boxes.
public enum ChartInspection {
    public struct SetupFailure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// Parses SVG or the HTML page (both are written as well-formed XML); throws when they are not.
    public static func document(_ text: String) throws -> XMLDocument {
        // FoundationXML crashes on an empty document instead of throwing.
        guard !text.isEmpty else { throw SetupFailure(description: "no document: the command printed nothing") }
        return try XMLDocument(data: Data(text.utf8), options: [])
    }

    /// Every element below `node` whose local name is `name` (SVG sits in its own namespace).
    public static func elements(_ name: String, in node: XMLNode) -> [XMLElement] {
        var found: [XMLElement] = []
        func walk(_ node: XMLNode) {
            if let element = node as? XMLElement, (element.localName ?? element.name) == name { found.append(element) }
            for child in node.children ?? [] { walk(child) }
        }
        walk(node)
        return found
    }

    /// An attribute by its name. FoundationXML's `attribute(forName:)` misses unprefixed attributes of
    /// elements in a default namespace (every SVG element), so the list is searched instead.
    public static func attribute(_ element: XMLElement, _ name: String) -> String? {
        element.attributes?.first { ($0.localName ?? $0.name) == name || $0.name == name }?.stringValue
    }

    /// The text of an element's `<title>` child (its tooltip), or nil.
    public static func tooltip(_ element: XMLElement) -> String? {
        (element.children ?? []).compactMap { $0 as? XMLElement }.first { ($0.localName ?? $0.name) == "title" }?.stringValue
    }

    /// CSV with a header line into rows keyed by column (no quoting: airtrend's CSV has none in these columns).
    public static func csv(_ text: String) -> [[String: String]] {
        let lines = text.split(separator: "\n").map(String.init)
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) else { return [] }
        return lines.dropFirst().map { line in
            Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
        }
    }

    /// A text element's box, estimated with 0.55 em per character (about a sans-serif digit) and the
    /// font size as its height: two boxes that meet mean two labels drawn on top of each other.
    public struct TextBox {
        public var text: String
        public var left: Double, right: Double, top: Double, bottom: Double

        public func overlaps(_ other: TextBox) -> Bool {
            left < other.right && other.left < right && top < other.bottom && other.top < bottom
        }
    }

    public static func textBoxes(_ svg: XMLDocument) -> [TextBox] {
        elements("text", in: svg).compactMap { element in
            guard let x = attribute(element, "x").flatMap(Double.init), let y = attribute(element, "y").flatMap(Double.init),
                  let size = attribute(element, "font-size").flatMap(Double.init) else { return nil }
            let text = element.stringValue ?? ""
            let width = Double(text.count) * 0.55 * size
            let left: Double = switch attribute(element, "text-anchor") {
            case "middle": x - width / 2
            case "end": x - width
            default: x
            }
            return TextBox(text: text, left: left, right: left + width, top: y - 0.75 * size, bottom: y + 0.2 * size)
        }
    }

    /// Pairs of labels that would be drawn over each other.
    public static func overlappingTexts(_ svg: XMLDocument) -> [String] {
        let boxes = textBoxes(svg)
        var found: [String] = []
        for i in boxes.indices {
            for j in boxes.indices where j > i && boxes[i].overlaps(boxes[j]) {
                found.append("'\(boxes[i].text)' and '\(boxes[j].text)'")
            }
        }
        return found
    }

    /// Labels (partly) outside the 800 × 450 picture.
    public static func textsOutside(_ svg: XMLDocument) -> [String] {
        textBoxes(svg).filter { $0.left < 0 || $0.right > 800 || $0.top < 0 || $0.bottom > 450 }.map(\.text)
    }

    /// The value-axis labels, bottom to top.
    public static func axisLabels(_ svg: XMLDocument) -> [Double] {
        let axis = elements("g", in: svg).first { attribute($0, "class") == "y-axis" }
        return axis.map { elements("text", in: $0).compactMap { $0.stringValue.flatMap(Double.init) } } ?? []
    }

    /// Whether the labels start at 0 and go up in one step of 1, 2 or 5 × 10ⁿ.
    public static func roundTicks(_ labels: [Double]) -> Bool {
        guard labels.count >= 3, labels[0] == 0 else { return false }
        let step = labels[1] - labels[0]
        let magnitude = pow(10, log10(step).rounded(.down))
        let factor = (step / magnitude * 1000).rounded() / 1000
        return [1.0, 2, 5].contains(factor) && zip(labels, labels.dropFirst()).allSatisfy { abs($1 - $0 - step) < 1e-9 }
    }

    /// `#RRGGBB` of an RGB triple.
    public static func hex(_ rgb: (Int, Int, Int)) -> String { String(format: "#%02X%02X%02X", rgb.0, rgb.1, rgb.2) }
}
