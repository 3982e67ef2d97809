import AirtrendDomain
import Testing

@Suite struct SecretRedactorTests {
    let redactor = SecretRedactor(secrets: ["k3y-Secret-9f"])

    @Test func findsTheSecretInAnyCase_andPercentEncoded() {
        let echoes = [
            "k3y-Secret-9f", "K3Y-SECRET-9F", "k3y-secret-9f", "K3y-sEcReT-9F",
            "%6b%33%79%2d%53%65%63%72%65%74%2d%39%66", "%6B%33%79%2D%53%65%63%72%65%74%2D%39%46",
            "k3y%2DSecret-9f", "%256b3y-Secret-9f",
        ]
        for echo in echoes {
            #expect(redactor.redact("bad key \(echo)!") == "bad key [redacted]!", "\(echo)")
        }
    }

    @Test func leavesEverythingElseExactly() {
        let texts = ["no secret here", "k3y-Secret-9", "µg/m³ 北京 %zz %4", "", "100%"]
        for text in texts { #expect(redactor.redact(text) == text) }
        // Several occurrences, touching ones, and text around them in other scripts.
        #expect(redactor.redact("北京k3y-secret-9fK3Y-SECRET-9F µg") == "北京[redacted] µg")
        #expect(redactor.redact("a=k3y-Secret-9f&b=K3Y-SECRET-9F") == "a=[redacted]&b=[redacted]")
    }

    @Test func redactsEveryTextOfAnEvent() {
        let reading = RawReading(station: "K3Y-SECRET-9F", hour: UTCHour(0), value: 1, badUnit: "u k3y-secret-9f", line: 1, raw: "%6b3y-Secret-9f")
        #expect(redactor.redact(.reading(reading)) == .reading(RawReading(station: "[redacted]", hour: UTCHour(0), value: 1,
                                                                           badUnit: "u [redacted]", line: 1, raw: "[redacted]")))
        #expect(redactor.redact(.rejected(line: 2, message: "found k3y-SECRET-9f", raw: "x")) == .rejected(line: 2, message: "found [redacted]", raw: "x"))
        #expect(redactor.redact(.station(StationInfo(id: "s", name: "K3Y-Secret-9f"))) == .station(StationInfo(id: "s", name: "[redacted]")))
    }

    @Test func emptySecrets_changeNothing() {
        let none = SecretRedactor(secrets: ["", "  \n"])
        #expect(none.isEmpty)
        #expect(none.redact("anything at all") == "anything at all")
    }
}

@Suite struct TerminalTextTests {
    @Test func escapesC0C1AndDelete_butNotTab() {
        #expect(TerminalText.escaped("\u{1B}[2J\u{1B}]0;title\u{07}") == "\\x1b[2J\\x1b]0;title\\x07")
        #expect(TerminalText.escaped("a\tb\rc\u{0}d\u{7F}e\u{9B}f\u{85}") == "a\tb\\x0dc\\x00d\\x7fe\\x9bf\\x85")
        #expect(TerminalText.escaped("line\nforged") == "line\\x0aforged")
        #expect(TerminalText.escaped("line\nnext", keepingLineBreaks: true) == "line\nnext")
    }

    @Test func leavesPrintableTextAlone_andIsIdempotent() {
        let text = "µg/m³ 北京 — 35.0 ✓ \\x1b"
        #expect(TerminalText.escaped(text) == text)
        let once = TerminalText.escaped("\u{1B}[31m")
        #expect(TerminalText.escaped(once) == once)
    }
}
