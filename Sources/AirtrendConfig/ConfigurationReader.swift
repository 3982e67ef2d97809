import Yams

/// Walks YAML nodes and collects problems instead of stopping at the first.
struct ConfigurationReader {
    let file: String
    var problems: [ConfigurationError.Problem] = []
    /// Region members seen, checked against the declared cities once every file is read.
    var regionMembers: [(city: String, key: String, file: String, line: Int?)] = []
    /// Published figures read, checked against the known scopes once every file is read.
    var published: [PublishedEntry] = []

    mutating func problem(_ node: Node, key: String, _ message: String) {
        problems.append(.init(file: file, line: node.mark.map { $0.line }, key: key, message: message))
    }

    mutating func mapping(_ node: Node, key: String, allowed: Set<String>) -> [String: Node]? {
        guard let mapping = node.mapping else {
            problem(node, key: key, "expected a mapping of keys to values")
            return nil
        }
        var result: [String: Node] = [:]
        for (k, v) in mapping {
            guard let name = k.string else { continue }
            if !allowed.contains(name) {
                problem(k, key: key == "(top level)" ? name : "\(key).\(name)", "unknown key; expected one of \(allowed.sorted().joined(separator: ", "))")
            }
            result[name] = v
        }
        return result
    }

    mutating func sequence(_ node: Node, key: String) -> [Node] {
        guard let items = node.sequence else {
            problem(node, key: key, "expected a list")
            return []
        }
        return Array(items)
    }

    mutating func string(_ node: Node, key: String) -> String? {
        guard node.scalar != nil, let text = node.string, !text.isEmpty else {
            problem(node, key: key, "expected a non-empty text value")
            return nil
        }
        return text
    }

    mutating func required(_ map: [String: Node], _ name: String, in key: String, node: Node) -> String? {
        guard let value = map[name] else {
            problem(node, key: "\(key).\(name)", "missing required key")
            return nil
        }
        return string(value, key: "\(key).\(name)")
    }
}
