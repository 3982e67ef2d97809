import AirtrendTestSupport
import AirtrendConfig
import AirtrendIngest
import AirtrendService
import Foundation
import Testing

/// What only the environment can tell: API keys, files options name, schedules — with the same key
/// paths and lines as the loader's problems.
@Suite struct ConfigurationCheckerTests {
    func load(_ text: String) throws -> AirtrendConfiguration {
        try ConfigurationLoader(catalogue: KnownFeedKinds()).parse(text, file: try temporaryDirectory() + "/airtrend.yaml")
    }

    /// One OpenAQ feed reading its key from `variable`, and what follows it (lines 1–7, the key on line 7).
    func openAQ(keyFrom variable: String, then rest: String = "") -> String {
        """
        stations:
          - {id: s, timezone: UTC}
        feeds:
          - id: aq
            kind: openaq-v3
            url: https://api.openaq.org/v3
            api_key_env: \(variable)
            sensors: [{sensor: "1", station: s}]

        """ + rest
    }

    @Test func aMissingKeyVariable_aMissingStationList_andABadSchedule_areEachNamed() throws {
        let configuration = try load(openAQ(keyFrom: "SURELY_NOT_SET_\(UUID().uuidString.prefix(6))", then: """
                schedule: every 15x
              - id: cn
                kind: cnemc-sites
                url: file:china_sites_{YYYYMMDD}.csv
                station_list: nowhere/StationList.csv
            """))
        let problems = ConfigurationChecker(environment: [:]).problems(in: configuration)
        let byKey = Dictionary(problems.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byKey["feeds.aq.api_key_env"]?.message.contains("not set") == true)
        #expect(byKey["feeds.aq.api_key_env"]?.line == 7)
        #expect(byKey["feeds.aq.schedule"]?.message.contains("unit 'x'") == true)
        #expect(byKey["feeds.aq.schedule"]?.line == 9)
        #expect(byKey["feeds.cn.station_list"]?.message.contains("nowhere/StationList.csv") == true)
        #expect(byKey["feeds.cn.station_list"]?.line == 13)
        #expect(problems.count == 3)
    }

    @Test func theKeyFromTheEnvironment_satisfiesTheChecker() throws {
        let configuration = try load(openAQ(keyFrom: "TEST_KEY"))
        #expect(ConfigurationChecker(environment: ["TEST_KEY": "k"]).problems(in: configuration).isEmpty)
    }
}
