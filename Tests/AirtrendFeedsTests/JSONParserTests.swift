@testable import AirtrendFeeds
import Foundation
import Testing

/// The byte-level JSON parser every kind decodes through.
@Suite struct JSONParserTests {
    private func parse(_ text: String) throws -> JSONValue {
        do throws(JSONParser.Failure) { return try JSONParser.parse(Array(text.utf8)) } catch { throw error }
    }

    @Test func objectsArraysAndScalars() throws {
        let value = try parse(#" {"a": [1, -2.5, 3e2, 0.25E-1], "b": {"c": null, "d": true, "e": false}, "f": "x"} "#)
        #expect(value["a"] == .array([.number(1), .number(-2.5), .number(300), .number(0.025)]))
        #expect(value["b"]?["c"] == .null)
        #expect(value["b"]?["d"] == .bool(true) && value["b"]?["e"] == .bool(false))
        #expect(value["f"] == .string("x"))
        #expect(try parse("[]") == .array([]) && parse("{}") == .object([:]))
    }

    @Test func stringEscapes_includingSurrogatePairsAndEscapedMicroSign() throws {
        #expect(try parse(#""\u00b5g/m\u00b3""#) == .string("µg/m³"))
        #expect(try parse(#""µg/m³""#) == .string("µg/m³"))
        #expect(try parse(#""a\"b\\c\/d\n\t""#) == .string("a\"b\\c/d\n\t"))
        #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
    }

    @Test func rejectsWhatIsNotJSON_withTheOffset() {
        for bad in ["", "{", "[1,]", "{\"a\" 1}", "01x", "tru", "\"unterminated", "[1] 2", "{\"a\":1,}", "-", "1.", "\"\u{01}\""] {
            #expect(throws: JSONParser.Failure.self, "\(bad.debugDescription)") { _ = try parse(bad) }
        }
        do throws(JSONParser.Failure) {
            _ = try JSONParser.parse(Array("[1, 2, x]".utf8))
            Issue.record("parsed")
        } catch {
            #expect(error.offset == 7)
        }
    }

    /// Inputs `Scripts/fuzz JSONParser` found accepted though they are not JSON, kept in `Fuzz/regressions/JSONParser/`.
    @Test func refusesLeadingZeros_andNumbersBeyondADouble() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/regressions/JSONParser")
        for name in ["leading-zero.json", "overflow.json"] { // `010` was read as 10, `1e999` as infinity
            let body = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
            #expect(throws: JSONParser.Failure.self, "\(name)") { _ = try JSONParser.parse(body) }
        }
        for bad in ["-01", "00", "[1e400]", "-1e309"] {
            #expect(throws: JSONParser.Failure.self, "\(bad)") { _ = try parse(bad) }
        }
        #expect(try parse("[0, -0, 0.5, 10, 1e308, 0e5]") == .array([0, 0, 0.5, 10, 1e308, 0].map(JSONValue.number)))
    }

    @Test func refusesHostileNesting() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParser.Failure.self) { _ = try parse(deep) }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect((try? parse(fine)) != nil)
    }

    @Test func agreesWithFoundationOnTheRealSamples() throws {
        for name in ["OpenAQ/openaq-v3-hours.json", "WAQI/waqi-feed.json", "PurpleAir/purpleair-history.json", "SensorCommunity/sensor-community.json"] {
            let url = try #require(Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil), "\(name)")
            let data = try Data(contentsOf: url)
            let ours = try JSONParser.parse(Array(data))
            let theirs = try JSONSerialization.jsonObject(with: data)
            #expect(Self.same(ours, theirs), "\(name)")
        }
    }

    /// Structural equality between our tree and Foundation's.
    static func same(_ ours: JSONValue, _ theirs: Any) -> Bool {
        switch ours {
        case .null: return theirs is NSNull
        case .bool(let b): return (theirs as? Bool) == b
        case .number(let n): return (theirs as? NSNumber)?.doubleValue == n
        case .string(let s): return (theirs as? String) == s
        case .array(let items):
            guard let other = theirs as? [Any], other.count == items.count else { return false }
            return zip(items, other).allSatisfy { same($0, $1) }
        case .object(let members):
            guard let other = theirs as? [String: Any], other.count == members.count else { return false }
            return members.allSatisfy { key, value in other[key].map { same(value, $0) } ?? false }
        }
    }
}
