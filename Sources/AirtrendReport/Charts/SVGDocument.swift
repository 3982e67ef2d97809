/// A standalone SVG picture being written: its size, accessible title and description, and its marks.
///
/// What a caller must know:
/// - The result has no scripts, no style sheets that load anything, no external references and no
///   web fonts; it names a system sans-serif stack only, so it shows the same from disk, in a mail
///   or inlined in a page.
/// - `role="img"` with `aria-labelledby` pointing at the `<title>` and `<desc>` makes screen
///   readers announce it as one picture with that name and description.
/// - Every id is prefixed with ``idPrefix``: several charts inlined in one HTML page must not share
///   ids, or one chart's hatching or clip path would resolve to another's.
public struct SVGDocument: Sendable {
    /// One attribute; a nil value leaves the attribute out.
    public typealias Attribute = (name: String, value: String?)

    public static let width = 800.0
    public static let height = 450.0
    /// A sans-serif stack every desktop and phone has; nothing is downloaded.
    public static let fontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', Arial, sans-serif"

    public let idPrefix: String
    public var title: String
    public var description: String
    private var definitions: [String] = []
    private var body: [String] = []

    public init(idPrefix: String, title: String, description: String) {
        self.idPrefix = idPrefix
        self.title = title
        self.description = description
    }

    /// The document-wide id for a local name.
    public func id(_ name: String) -> String { "\(idPrefix)-\(name)" }

    /// Adds a raw definition (pattern, clip path) to `<defs>`; the caller escapes it.
    public mutating func define(_ markup: String) { definitions.append(markup) }

    /// Adds an element. `tooltip` becomes its `<title>` child, which browsers show on hover and
    /// screen readers read; `text` becomes its escaped text content.
    public mutating func element(_ name: String, _ attributes: [Attribute], tooltip: String? = nil, text: String? = nil) {
        var line = "<\(name)" + Self.attributes(attributes)
        if tooltip == nil && text == nil {
            line += "/>"
        } else {
            line += ">"
            if let text { line += Markup.escape(text) }
            if let tooltip { line += "<title>\(Markup.escape(tooltip))</title>" }
            line += "</\(name)>"
        }
        body.append(line)
    }

    /// Opens a group; close it with ``close()``.
    public mutating func group(_ attributes: [Attribute]) { body.append("<g" + Self.attributes(attributes) + ">") }

    public mutating func close() { body.append("</g>") }

    /// A line of text. `anchor` is `start`, `middle` or `end`.
    public mutating func text(_ content: String, x: Double, y: Double, size: Double = 11, anchor: String = "start",
                              weight: String? = nil, fill: String = ChartPalette.ink, extra: [Attribute] = []) {
        element("text", [("x", Markup.coordinate(x)), ("y", Markup.coordinate(y)), ("font-size", Markup.coordinate(size)),
                         ("text-anchor", anchor == "start" ? nil : anchor), ("font-weight", weight), ("fill", fill)] + extra,
                text: content)
    }

    /// A straight line.
    public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
                              dash: String? = nil, extra: [Attribute] = []) {
        element("line", [("x1", Markup.coordinate(x1)), ("y1", Markup.coordinate(y1)), ("x2", Markup.coordinate(x2)),
                         ("y2", Markup.coordinate(y2)), ("stroke", stroke), ("stroke-width", Markup.coordinate(width)),
                         ("stroke-dasharray", dash)] + extra)
    }

    /// The finished SVG text, starting with the `<svg>` element (no XML declaration, so it can be inlined in HTML).
    public func render() -> String {
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(Self.width))" height="\(Int(Self.height))" \
            viewBox="0 0 \(Int(Self.width)) \(Int(Self.height))" role="img" aria-labelledby="\(id("title")) \(id("desc"))" \
            font-family="\(Markup.escape(Self.fontFamily))" class="airtrend-chart">

            """
        out += "<title id=\"\(id("title"))\">\(Markup.escape(title))</title>\n"
        out += "<desc id=\"\(id("desc"))\">\(Markup.escape(description))</desc>\n"
        if !definitions.isEmpty { out += "<defs>\n" + definitions.joined(separator: "\n") + "\n</defs>\n" }
        out += "<rect width=\"100%\" height=\"100%\" fill=\"#FFFFFF\"/>\n"
        out += body.joined(separator: "\n")
        return out + "\n</svg>\n"
    }

    private static func attributes(_ list: [Attribute]) -> String {
        list.compactMap { name, value in value.map { " \(name)=\"\(Markup.escape($0))\"" } }.joined()
    }
}
