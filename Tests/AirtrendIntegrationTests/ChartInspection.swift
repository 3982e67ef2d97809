import AirtrendTestSupport
import Foundation

/// The bundled StateAir archive (2008–2017), imported once by the real binary for every chart and page test.
let chartStore: Result<String, ChartInspection.SetupFailure> = {
    do {
        let db = try temporaryDirectory() + "/charts.sqlite"
        let run = try airtrend(["run", "--once", "--quiet", "--config", repositoryRoot + "/Config/airtrend.yaml", "--db", db])
        guard run.status == 0 else { return .failure(.init(description: "import failed: \(run.stderr)")) }
        return .success(db)
    } catch {
        return .failure(.init(description: "\(error)"))
    }
}()

/// `airtrend ARGS --config Config/airtrend.yaml --db <chart store>`.
func chartRun(_ arguments: [String]) throws -> RunResult {
    try airtrend(arguments + ["--config", repositoryRoot + "/Config/airtrend.yaml", "--db", try chartStore.get()])
}
