import ArgumentParser
import Audit
import Config
import Foundation
import PostgresStore
import Store

/// `switchboard audit`: verifying and exporting the audit trail.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify, export and key the tamper-evident audit trail.",
        subcommands: [Verify.self, Export.self, Keygen.self, AuditBenchmark.self])

    /// `switchboard audit verify`.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk the hash chain and the signed checkpoints; exit 0 with the count, or 1 naming the first bad record.")

        @OptionGroup var options: ConfigOption

        @Option(help: "Verify this export file (JSONL) offline instead of the store.")
        var file: String?

        @Option(help: "The trusted Ed25519 public key (base64). Defaults to the key of audit.signing_key, or for --file the key in the file's header.")
        var publicKey: String?

        func run() async throws {
            if let file {
                try verifyFile(file)
                return
            }
            let config = CommandSupport.loadConfig(options.config)
            let store = await CommandSupport.openStore(config)
            let trusted = publicKey ?? config.audit.signingKey.flatMap(CheckpointSigner.init(base64PrivateKey:))?.base64PublicKey
            do {
                // On PostgreSQL every instance wrote a chain of its own: each is verified whole.
                if let shared = store as? PostgresStore {
                    let chains = try await shared.auditChains()
                    for chain in chains {
                        try await verify(shared.auditChain(named: chain), label: "chain '\(chain)': ", trusted: trusted)
                    }
                    print("OK: \(chains.count) audit chain(s) verified.")
                } else {
                    try await verify(store, label: "", trusted: trusted)
                }
                if trusted == nil { print("Note: no audit.signing_key is configured, so no checkpoints are signed; configure one to make rewrites detectable.") }
            } catch let failure as AuditVerificationFailure {
                print("TAMPERED: \(failure.description)")
                throw ExitCode(1)
            } catch let error as AuditStorageError {
                CommandSupport.printError("switchboard: \(error.message)")
                throw ExitCode(2)
            }
        }

        /// Verifies one chain and prints what it found.
        private func verify(_ storage: any AuditStorage, label: String, trusted: String?) async throws {
            let summary = try await AuditTrailVerification.verify(storage, trustedPublicKey: trusted) { count in
                CommandSupport.printError("\(label)verified \(count) records…")
            }
            let range = summary.range.map { " (records \($0.lowerBound)…\($0.upperBound))" } ?? ""
            print("OK: \(label)\(summary.records) audit records verified\(range); \(summary.checkpoints) signed checkpoint(s) matched.")
        }

        private func verifyFile(_ path: String) throws {
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                CommandSupport.printError("switchboard: cannot read \(path): \(error.localizedDescription)")
                throw ExitCode(2)
            }
            do {
                let summary = try AuditExportReader.verify(text, trustedPublicKey: publicKey)
                print("OK: \(summary.entries) chain entries verified (\(summary.records) full records); \(summary.checkpoints) signed checkpoint(s) matched.")
                if let key = summary.publicKey, publicKey == nil {
                    print("Checkpoints were checked against the key in the file's header, \(key); compare it with the institution's published key, or pass --public-key.")
                }
            } catch {
                print("TAMPERED: \(error.description)")
                throw ExitCode(1)
            }
        }
    }

    /// `switchboard audit export`.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write records as JSONL with their chain hashes and signed checkpoints, verifiable offline with 'audit verify --file'.")

        @OptionGroup var options: ConfigOption

        @Option(help: "Records received at or after this time (epoch ms, 2026-11-28, or 2026-11-28T09:30:00Z).")
        var from: String?

        @Option(help: "Records received before this time.")
        var to: String?

        @Option(help: "Only this tenant's records (others in between are exported as hashes only).")
        var tenant: String?

        @Option(help: "Write here instead of standard output.")
        var output: String?

        @Option(help: "The audit content key (base64): adds each record's decrypted content as content_plaintext.")
        var contentKey: String?

        func validate() throws {
            if let from, AuditTime.parse(from) == nil { throw ValidationError("--from '\(from)' is not a time: use epoch milliseconds, 2026-11-28 or 2026-11-28T09:30:00Z.") }
            if let to, AuditTime.parse(to) == nil { throw ValidationError("--to '\(to)' is not a time: use epoch milliseconds, 2026-11-28 or 2026-11-28T09:30:00Z.") }
            if let contentKey, ContentSealer(base64Key: contentKey) == nil { throw ValidationError("--content-key is not a base64 32-byte key.") }
        }

        func run() async throws {
            let config = CommandSupport.loadConfig(options.config)
            let store = await CommandSupport.openStore(config)
            let lines: [String]
            do {
                lines = try await exportLines(from: store)
            } catch {
                CommandSupport.printError("switchboard: \(error.message)")
                throw ExitCode(2)
            }
            let text = lines.joined(separator: "\n") + "\n"
            if let output {
                try text.write(toFile: output, atomically: true, encoding: .utf8)
                CommandSupport.printError("wrote \(lines.count - 1) entries to \(output)")
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }

        /// The export: header, entries from the first to the last selected record, checkpoints.
        private func exportLines(from store: any Store) async throws(AuditStorageError) -> [String] {
            let sealer = contentKey.flatMap(ContentSealer.init(base64Key:))
            var query = AuditQuery(tenant: tenant, from: from.flatMap(AuditTime.parse), to: to.flatMap(AuditTime.parse), limit: 10_000)
            var selected: [SealedAuditRecord] = []
            while true {
                let page = try await store.auditRecords(matching: query)
                guard let last = page.last else { break }
                selected += page
                query.afterSequence = last.sequence
            }
            let first = selected.first
            let lastSelected = selected.last?.sequence ?? 0
            let anchor = AuditChainHead(sequence: (first?.sequence ?? 1) - 1, hash: first?.previousHash ?? AuditChain.genesisHash)
            let checkpoints = try await store.auditCheckpoints().filter { $0.sequence > anchor.sequence && $0.sequence <= lastSelected }
            var filter: [String: String] = [:]
            if let tenant { filter["tenant"] = tenant }
            if let from { filter["from"] = from }
            if let to { filter["to"] = to }
            var lines = [
                AuditExportLine.header(
                    anchor: anchor, publicKey: checkpoints.last?.publicKey, exportedAt: AuditTime.now, filter: filter)
            ]
            let selectedSequences = Set(selected.map(\.sequence))
            var after = anchor.sequence
            while after < lastSelected {
                let page = try await store.auditRecords(after: after, limit: 10_000)
                guard let last = page.last else { break }
                for stored in page where stored.sealed.sequence <= lastSelected {
                    let sealed = stored.sealed
                    if selectedSequences.contains(sealed.sequence) {
                        let plaintext = sealed.decodedRecord()?.content.flatMap { sealer?.open($0) }.map { String(decoding: $0, as: UTF8.self) }
                        lines.append(AuditExportLine.record(sealed, plaintext: plaintext))
                    } else {
                        lines.append(AuditExportLine.redacted(sealed))
                    }
                }
                after = last.sealed.sequence
            }
            lines += checkpoints.map(AuditExportLine.checkpoint)
            return lines
        }
    }
    /// `switchboard audit keygen`.
    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a checkpoint signing key pair and a content key for the configuration.")

        func run() {
            let signer = CheckpointSigner()
            print("audit.signing_key (private; keep it secret):  \(signer.base64PrivateKey)")
            print("public key (give to auditors):                 \(signer.base64PublicKey)")
            print("audit.content_key (AES-256; for auditors only): \(ContentSealer().base64Key)")
        }
    }
}
