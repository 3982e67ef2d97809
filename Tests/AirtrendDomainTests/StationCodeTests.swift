import AirtrendDomain
import Testing

@Suite struct StationCodeTests {
    /// The rule as stated, with no shortcut: what `StationCode.problem` must answer for every id.
    static func reference(_ code: String) -> Bool {
        guard !code.isEmpty, code.count <= StationCode.maximumLength else { return false }
        let allowed = code.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.:@/ ".unicodeScalars.contains(scalar)
        }
        return allowed && code.first != " " && code.last != " "
    }

    @Test func everyASCIICharacterAloneAndInside() {
        for byte in UInt8(0)...UInt8(127) {
            let c = String(UnicodeScalar(byte))
            for code in [c, "A" + c, c + "1", "st" + c + "x"] {
                #expect((StationCode.problem(code) == nil) == Self.reference(code), "\(Array(code.utf8))")
            }
        }
    }

    @Test func lengthsSpacesAndOtherScripts() {
        let codes = [
            "", " ", "a", String(repeating: "a", count: 64), String(repeating: "a", count: 65), " a", "a ", "a b", "ST0001",
            "北京 东四", "北京", "Ünter-1", "a\u{301}", "\r\n", "a\r\n", String(repeating: "é", count: 64), String(repeating: "é", count: 65),
            "x,y", "'q'", "1.5:2@3/4_5-6", "ª", "a\u{0}", "ab\u{7f}",
            String(repeating: "a", count: 63) + " ", " " + String(repeating: "a", count: 63), "a" + String(repeating: " ", count: 62) + "b",
            String(repeating: "a", count: 62) + "é", String(repeating: "a", count: 63) + "é", String(repeating: "a", count: 63) + "\u{301}",
            String(repeating: "a", count: 63) + "\r\n", "  ", "a  b", "\u{A0}a", "a\u{A0}", "a\u{2003}b", "Ωmega", "ǅ1",
            "a\u{85}", "a\u{9F}b", "\u{1B}[0m", "a\u{200B}b", "a\u{FEFF}", "Ａ１", "١٢", "ﬁ", "𝔸𝔹", "🙂",
        ]
        for code in codes {
            #expect((StationCode.problem(code) == nil) == Self.reference(code), "\(code.debugDescription)")
        }
        // The rule's answers themselves, so the reference above cannot drift with the code.
        for good in ["ST0001", "a", String(repeating: "Z", count: 64), "a b", "1.5:2@3/4_5-6", "北京 东四", "Ünter-1", "ª"] {
            #expect(StationCode.problem(good) == nil, "\(good.debugDescription)")
        }
        for bad in ["", " ", " a", "a ", String(repeating: "a", count: 65), "x,y", "'q'", "a\t", "a\u{0}", "ab\u{7f}", "a\u{85}", "\r\n", "a\u{A0}", "a\u{301}", "🙂"] {
            #expect(StationCode.problem(bad) != nil, "\(bad.debugDescription)")
        }
        #expect(StationCode.problem("x,y") == "'x,y' is not a station id: expected 1–64 letters, digits, spaces or - _ . : @ /")
    }

    @Test func randomIDsAgreeWithTheRule() {
        // Seeded (xorshift64), so a failure names an id that fails again.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % UInt64(bound))
        }
        let alphabet = Array("aZ09 -_.:@/,;'\"\t北é") + ["\u{301}"]
        for _ in 0..<5_000 {
            let length = next(71)
            let code = String((0..<length).map { _ in alphabet[next(alphabet.count)] })
            #expect((StationCode.problem(code) == nil) == Self.reference(code), "\(code.debugDescription)")
        }
    }
}
