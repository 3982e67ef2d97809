import AirtrendDomain
import AirtrendReport
import AirtrendStore
import ArgumentParser
import Foundation

/// `airtrend station list` and `airtrend station role ID ROLE`: which stations make up their city's figures.
///
/// A role change is a write (it rebuilds the station's city series from its stations' days), so it opens
/// the store for writing; `list` only reads. A station declared in the configuration takes its `role:` from
/// there at every import and ingest, so for those the configuration is the place to change it.
struct StationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "station",
        abstract: "Stations and their roles: only assessment stations count in their city's figures.",
        subcommands: [List.self, Role.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "Every station with its city, role and the days it is in service for its city (reads only)."
        )
        @OptionGroup var store: StoreOptions

        func run() throws {
            let configuration = try store.loadConfiguration()
            let sqlite = try store.readStore(configuration)
            var rows: [[String]] = []
            do {
                let profile = (try? ValidityProfile.named(configuration.profile)) ?? .default
                var served: [String: CityMember] = [:]
                for (city, _) in try sqlite.cities() {
                    for member in try sqlite.cityStations(city: city, pollutant: .pm25, profile: profile) { served[member.code] = member }
                }
                for stored in try sqlite.stations() {
                    let station = stored.station
                    let member = served[station.id]
                    let service = member?.inService.map { "\(CivilDate(dayNumber: $0.lowerBound)) – \(CivilDate(dayNumber: $0.upperBound))" + (member!.stated ? " (configured)" : "") }
                    rows.append([station.id, station.city ?? "–", station.role.rawValue,
                                 station.city == nil ? "no city" : service ?? (station.role == .assessment ? "no data" : "not in the city mean"),
                                 station.name ?? ""])
                }
            } catch {
                throw StoreFailure.failure(error, path: configuration.database)
            }
            print(ReportRenderer.aligned(header: ["station", "city", "role", "in service for its city", "name"], rows: rows, underline: true),
                  terminator: "")
        }
    }

    struct Role: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "role",
            abstract: "Set a station's role (assessment, background, traffic or other) and rebuild its city; its hours stay."
        )
        @OptionGroup var store: StoreOptions
        @Argument(help: "The station's id.")
        var station: String
        @Argument(help: "assessment (counts in its city's figures), background, traffic or other.")
        var role: String

        func run() throws {
            let configuration = try store.loadConfiguration()
            let chosen: StationRole
            do throws(DomainError) { chosen = try StationRole.named(role) } catch { throw CommandFailure(error.message, .usage) }
            if let declared = configuration.stations.first(where: { $0.id == station }), declared.role != chosen {
                printError("warning: \(station) is declared in \(configuration.file ?? "the configuration") with role \(declared.role.rawValue), "
                           + "which the next import or ingest applies again; change it there to keep it")
            }
            let sqlite = try store.openStore(configuration)
            let stored: StoredStation?
            do { stored = try sqlite.setRole(chosen, station: station) } catch { throw StoreFailure.failure(error, path: configuration.database) }
            guard let stored else {
                let known = (try? sqlite.stations().map(\.station.id)) ?? []
                throw CommandFailure("unknown station '\(station)'; the store has: \(known.isEmpty ? "no stations" : known.joined(separator: ", "))", .dataError)
            }
            print("\(station): \(stored.station.role.rawValue)" + (stored.station.city.map { ", city \($0) rebuilt" } ?? " (no city)"))
        }
    }
}
