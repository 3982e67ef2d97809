import AirtrendTestSupport
import Foundation

/// The bundled StateAir archive (2008–2017), imported once by the real binary for every chart and page test,
/// with the Embassy monitor made Beijing's assessment station.
let chartStore: Result<String, ChartInspection.SetupFailure> = {
    do {
        let db = try temporaryDirectory() + "/charts.sqlite"
        let run = try airtrend(["run", "--once", "--quiet", "--config", repositoryRoot + "/Config/airtrend.yaml", "--db", db])
        guard run.status == 0 else { return .failure(.init(description: "import failed: \(run.stderr)")) }
        // The demo config marks the Embassy monitor `other` (never in a city mean); the city and region charts
        // need a city series, so here it stands in for Beijing's assessment stations (a real role change).
        let role = try airtrend(["station", "role", "beijing-us-embassy", "assessment", "--config", repositoryRoot + "/Config/airtrend.yaml", "--db", db])
        guard role.status == 0 else { return .failure(.init(description: "role change failed: \(role.stderr)")) }
        return .success(db)
    } catch {
        return .failure(.init(description: "\(error)"))
    }
}()

/// `airtrend ARGS --config Config/airtrend.yaml --db <chart store>`.
func chartRun(_ arguments: [String]) throws -> RunResult {
    try airtrend(arguments + ["--config", repositoryRoot + "/Config/airtrend.yaml", "--db", try chartStore.get()])
}
