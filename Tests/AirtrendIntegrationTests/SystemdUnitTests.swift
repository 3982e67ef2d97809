import AirtrendTestSupport
import Foundation
import Testing

/// The systemd units, the cron file and Scripts/install / Scripts/uninstall, checked with the
/// real systemd tools (`systemd-analyze verify` and `security --offline`) and by installing
/// into a staging root (`DESTDIR`), so no root and no running systemd are needed.
@Suite struct SystemdUnitTests {
    static let units = ["airtrend.service", "airtrend-ingest.service", "airtrend-ingest.timer"]
    static let services = ["airtrend.service", "airtrend-ingest.service"]
    /// Scripts/test installs the `systemd` package, so this only skips outside CI.
    static let systemdAnalyze: String? = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    // MARK: systemd-analyze

    /// `verify` checks that every ExecStart= binary exists, and airtrend is not installed where
    /// the tests run. The units are therefore copied (all three, as the timer needs its service
    /// beside it) with `/usr/local/bin/airtrend` replaced by `/bin/true`; everything else,
    /// including ExecReload's /bin/kill, is verified as written. `--man=no` skips the man-page
    /// check of Documentation=, `--generators=no` keeps the host's generators out; PID 1 need
    /// not be systemd. verify exits 0 on unknown keys and unparsable values (it only warns), so
    /// any message naming our units fails the test too.
    @Test(.enabled(if: SystemdUnitTests.systemdAnalyze != nil), arguments: SystemdUnitTests.units)
    func verify_passes(unit: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in Self.units {
            let text = try String(contentsOfFile: unitPath(name), encoding: .utf8)
            #expect(name.hasSuffix(".timer") || text.contains("ExecStart=/usr/local/bin/airtrend "))
            try text.replacingOccurrences(of: "ExecStart=/usr/local/bin/airtrend ", with: "ExecStart=/bin/true ")
                .write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
        }
        let result = try runTool(Self.systemdAnalyze!, ["verify", "--man=no", "--generators=no", dir + "/" + unit], directory: dir)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let complaints = (result.stdout + result.stderr).split(separator: "\n").filter { $0.contains("airtrend") }
        #expect(complaints.isEmpty, "\(complaints.joined(separator: "\n"))")
    }

    /// The hardening keeps the offline exposure score at 2.0 or less ("OK" starts at < 5.0).
    @Test(.enabled(if: SystemdUnitTests.systemdAnalyze != nil), arguments: SystemdUnitTests.services)
    func securityExposure_isAtMostTwo(unit: String) throws {
        let result = try runTool(Self.systemdAnalyze!, ["security", "--no-pager", "--offline=true", unitPath(unit)])
        #expect(result.status == 0, "\(result.stderr)")
        let line = try #require(result.stdout.split(separator: "\n").first { $0.contains("Overall exposure level") },
                                "no overall exposure line in:\n\(result.stdout)\(result.stderr)")
        // "→ Overall exposure level for airtrend.service: 1.1 OK 🙂"
        let afterColon = try #require(line.split(separator: ":").last)
        let score = try #require(afterColon.split(separator: " ").first.flatMap { Double($0) }, "\(line)")
        #expect(score <= 2.0, "\(line)")
    }

    // MARK: the agreed settings

    @Test func units_carryTheAgreedSettings() throws {
        let daemon = try directives(unitPath("airtrend.service"))
        #expect(daemon["Type"] == ["notify"])
        #expect(daemon["NotifyAccess"] == ["main"])
        #expect(daemon["ExecStart"] == ["/usr/local/bin/airtrend run --config /etc/airtrend/airtrend.yaml --db /var/lib/airtrend/airtrend.sqlite"])
        #expect(daemon["ExecReload"] == ["/bin/kill -HUP $MAINPID"])
        #expect(daemon["WatchdogSec"] == ["60"])
        #expect(daemon["Restart"] == ["on-failure"])
        #expect(daemon["StateDirectory"] == ["airtrend"])
        #expect(daemon["DynamicUser"] == ["yes"])
        #expect(daemon["IPAddressDeny"] == nil) // the feeds are on the internet

        let ingest = try directives(unitPath("airtrend-ingest.service"))
        #expect(ingest["Type"] == ["oneshot"])
        #expect(ingest["ExecStart"] == ["/usr/local/bin/airtrend ingest --config /etc/airtrend/airtrend.yaml --db /var/lib/airtrend/airtrend.sqlite --wait 600"])
        // The same sandbox as the daemon (only the start/stop lines differ).
        let shared = ["ProtectSystem", "PrivateUsers", "SystemCallFilter", "CapabilityBoundingSet", "RestrictAddressFamilies",
                      "MemoryDenyWriteExecute", "UMask", "User", "StateDirectory", "ConfigurationDirectory"]
        for key in shared { #expect(ingest[key] == daemon[key], "\(key)") }

        let timer = try directives(unitPath("airtrend-ingest.timer"))
        #expect(timer["OnCalendar"] == ["hourly"])
        #expect(timer["RandomizedDelaySec"] == ["300"])
        #expect(timer["Persistent"] == ["true"])
        #expect(timer["WantedBy"] == ["timers.target"])

        // cron.d: minute 7 of every hour, the user field, the ingest with --wait 300.
        let cron = try String(contentsOfFile: repositoryRoot + "/Config/cron/airtrend", encoding: .utf8)
        let jobs = cron.split(separator: "\n").filter { $0.first?.isNumber == true }
        #expect(jobs.count == 1)
        let fields = jobs.first.map { $0.split(separator: " ", maxSplits: 6).map(String.init) } ?? []
        #expect(Array(fields.prefix(6)) == ["7", "*", "*", "*", "*", "airtrend"])
        #expect(fields.last?.hasPrefix("/usr/local/bin/airtrend ingest --config /etc/airtrend/airtrend.yaml --db /var/lib/airtrend/airtrend.sqlite --wait 300") == true)
    }

    // MARK: Scripts/install and Scripts/uninstall

    @Test func installDryRun_printsTheBuildAndTheHint_andChangesNothing() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let install = try script("install", ["--dry-run", "--with-cron"], destdir: root)
        #expect(install.status == 0, "\(install.stderr)")
        #expect(install.stdout.contains("swift build -c release --static-swift-stdlib --product airtrend"))
        #expect(install.stdout.contains(root + "/usr/local/bin/airtrend"))
        #expect(install.stdout.contains(root + "/etc/cron.d/airtrend"))
        #expect(install.stdout.contains("systemctl daemon-reload && systemctl enable --now airtrend.service"))
        #expect(install.stdout.contains("systemctl daemon-reload && systemctl enable --now airtrend-ingest.timer"))
        let uninstall = try script("uninstall", ["--dry-run"], destdir: root)
        #expect(uninstall.status == 0, "\(uninstall.stderr)")
        #expect(uninstall.stdout.contains("rm -f " + root + "/usr/local/bin/airtrend"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).isEmpty)
    }

    @Test func install_keepsAnEditedConfig_andUninstallKeepsConfigAndData() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (binaries, environment) = try builtBinary(scratch: root)
        let stage = root + "/stage"
        let first = try script("install", [], destdir: stage, environment: environment)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("systemctl daemon-reload && systemctl enable --now airtrend.service"))

        let fm = FileManager.default
        #expect(fm.isExecutableFile(atPath: stage + "/usr/local/bin/airtrend"))
        let installed = fm.contents(atPath: stage + "/usr/local/bin/airtrend")
        #expect(binaries.contains { fm.contents(atPath: $0) == installed }, "installed binary is none of \(binaries)")
        for unit in Self.units {
            #expect(fm.contents(atPath: stage + "/etc/systemd/system/" + unit) == fm.contents(atPath: unitPath(unit)), "\(unit)")
        }
        #expect(!fm.fileExists(atPath: stage + "/etc/cron.d/airtrend")) // only with --with-cron
        let bundled = fm.contents(atPath: repositoryRoot + "/Config/airtrend.yaml")
        #expect(fm.contents(atPath: stage + "/etc/airtrend/airtrend.yaml") == bundled)
        #expect(fm.contents(atPath: stage + "/etc/airtrend/airtrend.yaml.example") == bundled)
        #expect(fm.fileExists(atPath: stage + "/etc/airtrend/regions/jingjinji.yaml"))
        // The default config includes the published figures, so they are installed beside it.
        #expect(fm.contents(atPath: stage + "/etc/airtrend/published/jingjinji.yaml") == fm.contents(atPath: repositoryRoot + "/Config/published/jingjinji.yaml"))

        // An edited configuration survives a second install; the example is refreshed.
        let edited = "# edited by the operator\ndatabase: /var/lib/airtrend/airtrend.sqlite\n"
        try edited.write(toFile: stage + "/etc/airtrend/airtrend.yaml", atomically: true, encoding: .utf8)
        try "cities: []\n".write(toFile: stage + "/etc/airtrend/regions/jingjinji.yaml", atomically: true, encoding: .utf8)
        try "stale".write(toFile: stage + "/etc/airtrend/airtrend.yaml.example", atomically: true, encoding: .utf8)
        let second = try script("install", [], destdir: stage, environment: environment)
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(try String(contentsOfFile: stage + "/etc/airtrend/airtrend.yaml", encoding: .utf8) == edited)
        #expect(try String(contentsOfFile: stage + "/etc/airtrend/regions/jingjinji.yaml", encoding: .utf8) == "cities: []\n")
        #expect(fm.contents(atPath: stage + "/etc/airtrend/airtrend.yaml.example") == bundled)

        // Uninstall removes the program and the units, and keeps configuration and data.
        try fm.createDirectory(atPath: stage + "/var/lib/airtrend", withIntermediateDirectories: true)
        try "data".write(toFile: stage + "/var/lib/airtrend/airtrend.sqlite", atomically: true, encoding: .utf8)
        let uninstall = try script("uninstall", [], destdir: stage)
        #expect(uninstall.status == 0, "\(uninstall.stdout)\(uninstall.stderr)")
        #expect(uninstall.stdout.contains("/etc/airtrend"))
        #expect(uninstall.stdout.contains("/var/lib/airtrend"))
        #expect(!fm.fileExists(atPath: stage + "/usr/local/bin/airtrend"))
        for unit in Self.units { #expect(!fm.fileExists(atPath: stage + "/etc/systemd/system/" + unit), "\(unit)") }
        #expect(try String(contentsOfFile: stage + "/etc/airtrend/airtrend.yaml", encoding: .utf8) == edited)
        #expect(fm.fileExists(atPath: stage + "/etc/airtrend/airtrend.yaml.example"))
        #expect(try String(contentsOfFile: stage + "/var/lib/airtrend/airtrend.sqlite", encoding: .utf8) == "data")
    }

    /// With another prefix the units and the cron line point at the binary installed there.
    @Test func installWithPrefixAndCron_pointsEverythingAtTheBinary() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (_, environment) = try builtBinary(scratch: root)
        let stage = root + "/stage"
        let install = try script("install", ["--prefix", "/opt/airtrend", "--with-cron"], destdir: stage, environment: environment)
        #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
        let fm = FileManager.default
        #expect(fm.isExecutableFile(atPath: stage + "/opt/airtrend/bin/airtrend"))
        #expect(!fm.fileExists(atPath: stage + "/usr/local/bin/airtrend"))
        for file in Self.services.map({ "/etc/systemd/system/" + $0 }) + ["/etc/cron.d/airtrend"] {
            let text = try String(contentsOfFile: stage + file, encoding: .utf8)
            #expect(text.contains("/opt/airtrend/bin/airtrend "), "\(file)")
            #expect(!text.contains("/usr/local/bin/airtrend"), "\(file)")
        }
        let cronMode = try fm.attributesOfItem(atPath: stage + "/etc/cron.d/airtrend")[.posixPermissions] as? Int
        #expect(cronMode == 0o644) // cron ignores group- or world-writable files
        let uninstall = try script("uninstall", ["--prefix", "/opt/airtrend"], destdir: stage)
        #expect(uninstall.status == 0, "\(uninstall.stderr)")
        #expect(!fm.fileExists(atPath: stage + "/opt/airtrend/bin/airtrend"))
        #expect(!fm.fileExists(atPath: stage + "/etc/cron.d/airtrend"))
    }

    // MARK: helpers

    private func unitPath(_ name: String) -> String { repositoryRoot + "/Config/systemd/" + name }

    /// Key → values of a unit file (comments and section headers dropped).
    private func directives(_ path: String) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
            guard !line.hasPrefix("#"), !line.hasPrefix("["), let eq = line.firstIndex(of: "=") else { continue }
            result[String(line[..<eq]), default: []].append(String(line[line.index(after: eq)...]))
        }
        return result
    }

    /// The binaries Scripts/install may pick with AIRTREND_SKIP_BUILD=1 (it takes the newer of the
    /// release and debug builds), and the environment for it. Without a build (`swift test` alone on
    /// a fresh clone) a stand-in script is installed instead, through AIRTREND_BIN.
    private func builtBinary(scratch: String) throws -> ([String], [String: String]) {
        var environment = ["AIRTREND_SKIP_BUILD": "1"]
        let fm = FileManager.default
        let candidates = [".build/release/airtrend", ".build/debug/airtrend"].map { repositoryRoot + "/" + $0 }
            .filter { fm.isExecutableFile(atPath: $0) }
        if !candidates.isEmpty { return (candidates, environment) }
        let stub = scratch + "/airtrend-stub"
        try "#!/bin/sh\nexit 0\n".write(toFile: stub, atomically: true, encoding: .utf8)
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stub)
        environment["AIRTREND_BIN"] = stub
        return ([stub], environment)
    }

    private func script(_ name: String, _ arguments: [String], destdir: String, environment: [String: String] = [:]) throws -> RunResult {
        // The caller decides about skipping the build and the binary, whatever the test run's environment says.
        var inherited = ProcessInfo.processInfo.environment
        for key in ["AIRTREND_SKIP_BUILD", "AIRTREND_BIN"] { inherited[key] = nil }
        return try runTool(repositoryRoot + "/Scripts/" + name, arguments,
                           environment: inherited.merging(environment) { $1 }.merging(["DESTDIR": destdir]) { $1 }, inheriting: false)
    }

    /// Runs a program to completion; stdout and stderr go through files so neither can fill a pipe.
    private func runTool(_ path: String, _ arguments: [String], environment: [String: String] = [:], inheriting: Bool = true,
                         directory: String? = nil) throws -> RunResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = inheriting ? ProcessInfo.processInfo.environment.merging(environment) { $1 } : environment
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let outputs = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: outputs) }
        let outPath = outputs + "/stdout", errPath = outputs + "/stderr"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        let text = { (p: String) in String(decoding: FileManager.default.contents(atPath: p) ?? Data(), as: UTF8.self) }
        return RunResult(status: process.terminationStatus, stdout: text(outPath), stderr: text(errPath))
    }
}
