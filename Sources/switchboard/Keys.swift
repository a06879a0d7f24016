import ArgumentParser
import Foundation
import Store

/// `switchboard keys`: API key administration.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create, list and revoke API keys.",
        subcommands: [Create.self, List.self, Revoke.self])

    /// `switchboard keys create`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key; the secret is printed once, as the last line.")

        @Option(help: "The tenant the key belongs to (created on first use).")
        var tenant: String

        @Option(help: "What the key may do: app, admin or auditor.")
        var role: Role

        @OptionGroup var options: ConfigOption

        func validate() throws {
            guard !tenant.trimmingCharacters(in: .whitespaces).isEmpty, tenant.count <= 128 else {
                throw ValidationError("--tenant must be a non-empty name of at most 128 characters.")
            }
        }

        func run() async throws {
            let store = await CommandSupport.openStore(CommandSupport.loadConfig(options.config))
            let created = try await store.createKey(tenant: tenant, role: role)
            print("Created key \(created.record.id) for tenant '\(tenant)' with role '\(role.rawValue)'. The secret is shown only now:")
            print(created.secret)
        }
    }

    /// `switchboard keys list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (never their secrets).")

        @OptionGroup var options: ConfigOption

        func run() async throws {
            let store = await CommandSupport.openStore(CommandSupport.loadConfig(options.config))
            let keys = try await store.listKeys()
            let formatter = ISO8601DateFormatter()
            print("ID\tTENANT\tROLE\tPREFIX\tCREATED\tSTATUS")
            for key in keys {
                let status = key.revokedAt.map { "revoked \(formatter.string(from: $0))" } ?? "active"
                print("\(key.id)\t\(key.tenant)\t\(key.role.rawValue)\t\(key.prefix)…\t\(formatter.string(from: key.createdAt))\t\(status)")
            }
        }
    }

    /// `switchboard keys revoke`.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key by its id; it stops working within 5 seconds.")

        @Argument(help: "The key id, as shown by 'keys list' (key_…).")
        var id: String

        @OptionGroup var options: ConfigOption

        func run() async throws {
            let store = await CommandSupport.openStore(CommandSupport.loadConfig(options.config))
            guard try await store.revokeKey(id: id) else {
                CommandSupport.printError("switchboard: no active key has the id '\(id)'; 'switchboard keys list' shows the ids.")
                throw ExitCode(1)
            }
            print("Revoked \(id).")
        }
    }
}

extension Role: ExpressibleByArgument {}
