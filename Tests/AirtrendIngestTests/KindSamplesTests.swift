import AirtrendTestSupport
import AirtrendConfig
import AirtrendFeeds
import AirtrendIngest
import AirtrendNormalize
import Foundation
import Testing

/// Each feed kind and layout documents itself in its folder (a README and a sample config), and its
/// sample loads through the real loader with the kinds' own option declarations.
@Suite struct KindSamplesTests {
    static var kindNames: [String] { FeedRegistry.kinds.map { $0.name } + LayoutRegistry.names }

    /// `Sources/**/<kind>.sample.yaml`, by kind.
    static func samples() throws -> [String: String] {
        let sources = repositoryRoot + "/Sources"
        var found: [String: String] = [:]
        for path in FileManager.default.enumerator(atPath: sources)?.compactMap({ $0 as? String }) ?? [] where path.hasSuffix(".sample.yaml") {
            let name = String(path.split(separator: "/").last!.dropLast(".sample.yaml".count))
            found[name] = sources + "/" + path
        }
        return found
    }

    @Test func everyRegisteredKind_hasAReadmeAndASample_inItsFolder() throws {
        let samples = try Self.samples()
        #expect(Set(samples.keys) == Set(Self.kindNames))
        for (kind, path) in samples {
            let folder = (path as NSString).deletingLastPathComponent
            let readme = try String(contentsOfFile: folder + "/README.md", encoding: .utf8)
            #expect(readme.contains("`\(kind)`"), "\(folder)/README.md does not name \(kind)")
            // Every key the kind declares is documented in its README.
            for spec in KnownFeedKinds().specs(of: kind) ?? [] {
                #expect(readme.contains("`\(spec.key)`"), "\(kind): README does not document \(spec.key)")
            }
        }
    }

    @Test(arguments: kindNames)
    func sample_loadsWithItsKindsDeclarations(kind: String) throws {
        let path = try #require(try Self.samples()[kind], "no sample for \(kind)")
        let sample = try String(contentsOfFile: path, encoding: .utf8)
        // Declare the stations the sample names, so only the feed itself is judged.
        let stations = sample.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: "station: ") else { return nil }
            return line[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: " }"))
        }
        var text = stations.isEmpty ? "stations: []\n" : "stations:\n"
        for station in Set(stations).sorted() { text += "  - {id: \(station), timezone: UTC}\n" }
        text += "feeds:\n" + sample.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
        let configuration = try ConfigurationLoader(catalogue: KnownFeedKinds()).parse(text, file: "/tmp/\(kind).yaml")
        #expect(configuration.feeds.map(\.kind) == [kind])
    }

    @Test func aKeyTheKindDoesNotDeclare_isReportedWithWhatItReads() throws {
        let text = """
            stations:
              - {id: s, timezone: UTC}
            feeds:
              - id: pa
                kind: purpleair
                url: https://api.purpleair.com/v1
                api_key_env: X
                sensors: [{sensor: "1", station: s}]
                bbox: "1,2,3,4"
              - id: sa
                kind: stateair
                url: file:x
                station: s
                value_column: pm25
            """
        do {
            _ = try ConfigurationLoader(catalogue: KnownFeedKinds()).parse(text, file: "/tmp/c.yaml")
            Issue.record("expected configuration errors")
        } catch {
            let bbox = try #require(error.problems.first { $0.key == "feeds.pa.bbox" })
            #expect(bbox.message.contains("correction"))
            #expect(bbox.line == 9, "\(bbox)")
            let column = try #require(error.problems.first { $0.key == "feeds.sa.value_column" })
            #expect(column.message.contains("it reads"))
            #expect(column.line == 14, "\(column)")
        }
    }
}
