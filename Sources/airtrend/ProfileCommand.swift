import AirtrendDomain
import AirtrendStore
import ArgumentParser
import Foundation

/// `airtrend profile add NAME`: the one command that makes a store keep aggregates under another
/// validity profile (reads never write, so `report --profile epa` says to run this first).
struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Validity profiles the store keeps aggregates under.",
        subcommands: [Add.self, List.self],
        defaultSubcommand: List.self
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Compute every aggregate under a profile from the stored hours (one transaction), and keep it current from then on."
        )
        @OptionGroup var store: StoreOptions
        @Argument(help: "The profile: \(ValidityProfile.all.map(\.name).joined(separator: ", ")).")
        var name: String

        func run() throws {
            let configuration = try store.loadConfiguration()
            let profile: ValidityProfile
            do throws(DomainError) { profile = try ValidityProfile.named(name) } catch { throw CommandFailure(error.message, .usage) }
            let sqlite = try store.openStore(configuration)
            do { try sqlite.ensureProfile(profile) } catch { throw StoreFailure.failure(error, path: configuration.database) }
            print("\(configuration.database): keeps \(try sqlite.materializedProfiles().map(\.name).joined(separator: ", "))")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "The profiles the store keeps.")
        @OptionGroup var store: StoreOptions

        func run() throws {
            let configuration = try store.loadConfiguration()
            for profile in try store.readStore(configuration).materializedProfiles() { print(profile.name) }
        }
    }
}
