/// Accumulates page text; ``text(_:)`` and ``element(_:_:)`` escape, ``raw(_:)`` does not.
struct HTMLWriter {
    private(set) var output = ""

    mutating func raw(_ markup: String) { output += markup }

    mutating func text(_ content: String) { output += Markup.escape(content) }

    /// `<name>content</name>` on its own line.
    mutating func element(_ name: String, _ content: String) { output += "<\(name)>\(Markup.escape(content))</\(name)>\n" }
}
