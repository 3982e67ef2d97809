import AirtrendTestSupport
import AirtrendConfig
import Foundation
import Testing

@Suite struct ConfigurationTests {
    @Test func defaultConfig_includesTheJingJinJiRegion() throws {
        let config = try ConfigurationLoader().load(path: repositoryRoot + "/Config/airtrend.yaml")
        let region = try #require(config.region("jingjinji"))
        #expect(region.cities.count == 13)
        #expect(config.cityAliases["北京"] == "Beijing")
        #expect(config.cityAliases["石家庄市"] == "Shijiazhuang")
        #expect(Set(region.cities) == Set(config.cities.map(\.name)))
        #expect(config.warnings.isEmpty)
    }

    @Test func regionNamingAnUnknownCity_isAnErrorNamingFileAndKey() throws {
        let dir = try temporaryDirectory()
        try Data("cities:\n  - name: Alpha\nregions:\n  - id: r\n    cities: [Alpha, Omega]\n".utf8).write(to: URL(fileURLWithPath: dir + "/geo.yaml"))
        let text = "include: [geo.yaml]\nstations:\n  - id: s\n    city: Nowhere\n    timezone: UTC+8\n"
        do {
            _ = try ConfigurationLoader().parse(text, file: dir + "/main.yaml")
            Issue.record("expected an error")
        } catch {
            let problem = try #require(error.problems.first { $0.key == "regions[0].cities[1]" })
            #expect(problem.file.hasSuffix("geo.yaml"))
            #expect(problem.message.contains("Omega"))
            #expect(problem.line == 5)
        }
    }

    @Test func importBatchSize_isReadWithItsDefault_andANonPositiveOneNamesItsKeyAndLine() throws {
        #expect(try ConfigurationLoader().parse("database: a.sqlite\n", file: "/tmp/x.yaml").importBatchSize == 1_000_000)
        #expect(try ConfigurationLoader().parse("import:\n  batch_size: 5000\n", file: "/tmp/x.yaml").importBatchSize == 5_000)
        for bad in ["0", "-3", "lots", "1.5"] {
            do {
                _ = try ConfigurationLoader().parse("database: a.sqlite\nimport:\n  batch_size: \(bad)\n", file: "/tmp/x.yaml")
                Issue.record("batch_size \(bad) was accepted")
            } catch {
                let problem = try #require(error.problems.first { $0.key == "import.batch_size" }, "batch_size \(bad)")
                #expect(problem.line == 3)
                #expect(problem.message.contains("whole number"))
            }
        }
    }

    @Test func stationCityInNoRegion_isAWarning() throws {
        let text = "cities:\n  - name: Alpha\nregions:\n  - id: r\n    cities: [Alpha]\nstations:\n  - id: s\n    city: Beta\n    timezone: UTC+8\n"
        let config = try ConfigurationLoader().parse(text, file: "/tmp/x.yaml")
        #expect(config.warnings.count == 1)
        #expect(config.warnings[0].contains("stations[0].city"))
        #expect(config.warnings[0].contains("Beta"))
    }
}
