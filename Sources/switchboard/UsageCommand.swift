import ArgumentParser
import Foundation
import Gateway
import Pool
import Store

/// `switchboard usage`: the month's chargeback from the stored usage.
struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage",
        abstract: "Show what each tenant owes for a month and what each lending member's backends earned.",
        discussion: "Reads the usage the gateway stored (written every pool.usage_flush_interval). --csv prints the month's rows instead.")

    @Option(help: "The month, such as 2026-11.")
    var month: String

    @Option(help: "Only this tenant.")
    var tenant: String?

    @Flag(help: "Print the rows as CSV.")
    var csv = false

    @Flag(help: "Print the rows and totals as JSON.")
    var json = false

    @OptionGroup var options: ConfigOption

    func validate() throws {
        guard PoolCalendar.days(ofMonth: month) != nil else { throw ValidationError("--month must be a month such as 2026-11, found '\(month)'.") }
        guard !(csv && json) else { throw ValidationError("Choose one of --csv and --json.") }
    }

    func run() async throws {
        let config = CommandSupport.loadConfig(options.config)
        let store = await CommandSupport.openStore(config)
        guard let (first, last) = PoolCalendar.days(ofMonth: month) else { throw ExitCode(2) }
        let rows: [UsageRow]
        do {
            rows = try await store.usage(from: first, through: last, tenant: tenant)
        } catch {
            CommandSupport.printError("switchboard: \(error.message)")
            throw ExitCode(1)
        }
        if csv {
            print(UsageTable.csv(rows), terminator: "")
            return
        }
        if json {
            print(UsageTable.json(rows, from: first, through: last, currency: config.pool.currency).encodedString)
            return
        }
        let chargeback = UsageTable.chargeback(rows)
        print("Usage for \(month) (days in \(config.pool.timeZone)), in \(config.pool.currency)")
        print("")
        print("TENANT\tREQUESTS\tTOKENS_IN\tTOKENS_OUT\tOWES")
        for line in chargeback.tenants {
            print("\(line.tenant)\t\(line.requests)\t\(line.tokensIn)\t\(line.tokensOut)\t\(line.cost)")
        }
        if chargeback.tenants.isEmpty { print("(no usage)") }
        print("")
        print("LENDER\tTOKENS_SERVED\tEARNED")
        for line in chargeback.lenders {
            print("\(line.lender)\t\(line.tokens)\t\(line.earned)")
        }
        if chargeback.lenders.isEmpty { print("(no lent backends served)") }
    }
}
