import Plugins

/// The securities master: every security by code and by name, read from a CSV file with the
/// header `code,name,exchange,board,st,listing_date,lot` that operators replace with their own.
public struct SecuritiesMaster: Sendable {
    private let byCode: [String: Security]
    private let byName: [String: Security]
    /// Every security, in file order.
    public let all: [Security]

    /// Reads the CSV text; every problem names the file and line.
    public init(csv: String, file: String) throws(SecuritiesMasterError) {
        var lines = csv.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        while lines.last?.isEmpty == true { lines.removeLast() }
        let expected = "code,name,exchange,board,st,listing_date,lot"
        guard let header = lines.first, header.trimmingCharacters(in: .whitespaces) == expected else {
            throw SecuritiesMasterError("\(file):1: the header must be \(expected)")
        }
        var securities: [Security] = []
        var byCode: [String: Security] = [:]
        var byName: [String: Security] = [:]
        for (index, line) in lines.enumerated().dropFirst() where !line.isEmpty && !line.hasPrefix("#") {
            let place = "\(file):\(index + 1)"
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 7 else { throw SecuritiesMasterError("\(place): expected 7 fields, found \(fields.count)") }
            let code = fields[0]
            guard let board = Board(rawValue: fields[3]), Board(code: code) == board else {
                throw SecuritiesMasterError("\(place): '\(fields[3])' is not the board of code \(code) (main, chinext, star or bse)")
            }
            guard let exchange = Exchange(rawValue: fields[2]), Exchange(code: code) == exchange else {
                throw SecuritiesMasterError("\(place): '\(fields[2])' is not the exchange of code \(code) (SSE, SZSE or BSE)")
            }
            guard !fields[1].isEmpty else { throw SecuritiesMasterError("\(place): the name is empty") }
            guard fields[4] == "true" || fields[4] == "false" else { throw SecuritiesMasterError("\(place): st must be true or false") }
            var listing: CalendarDay?
            if !fields[5].isEmpty {
                guard let day = CalendarDay(fields[5]) else { throw SecuritiesMasterError("\(place): listing_date must be YYYY-MM-DD or empty") }
                listing = day
            }
            guard let lot = Int(fields[6]), lot > 0 else { throw SecuritiesMasterError("\(place): lot must be a positive whole number") }
            let security = Security(code: code, name: fields[1], exchange: exchange, board: board, riskWarning: fields[4] == "true", listingDate: listing, lot: lot)
            guard byCode[code] == nil else { throw SecuritiesMasterError("\(place): the code \(code) is listed twice") }
            byCode[code] = security
            byName[security.name] = security
            securities.append(security)
        }
        all = securities
        self.byCode = byCode
        self.byName = byName
    }

    /// The security with `code`.
    public func security(code: String) -> Security? {
        byCode[code]
    }

    /// The security with this code or exact name.
    public func security(codeOrName key: String) -> Security? {
        byCode[key] ?? byName[key]
    }
}

/// A securities master file that cannot be read.
public struct SecuritiesMasterError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, with the file and line.
    public var description: String

    /// Creates an error.
    public init(_ description: String) {
        self.description = description
    }
}
