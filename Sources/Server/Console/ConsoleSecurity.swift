import Config
import HTTPTypes
import Hummingbird

/// The headers every console response carries, and the checks on who sent a request.
enum ConsoleSecurity {
    /// No inline script or style, nothing from elsewhere, never framed.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// Adds the security headers a bank's review asks for to `headers`; `secure` adds HSTS.
    static func apply(to headers: inout HTTPFields, secure: Bool) {
        headers[HTTPField.Name("Content-Security-Policy")!] = contentSecurityPolicy
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Cross-Origin-Opener-Policy")!] = "same-origin"
        headers[HTTPField.Name("Cross-Origin-Resource-Policy")!] = "same-origin"
        headers[HTTPField.Name("Permissions-Policy")!] = "camera=(), microphone=(), geolocation=(), payment=()"
        if headers[.cacheControl] == nil { headers[.cacheControl] = "no-store" }
        if secure { headers[HTTPField.Name("Strict-Transport-Security")!] = "max-age=31536000" }
    }

    /// Whether the request came over TLS as far as the console can tell: a proxy in front says
    /// `X-Forwarded-Proto: https`, or the configuration says it always does.
    static func isSecure(_ request: Request, mode: ConsoleConfig.SecureCookie) -> Bool {
        mode == .always || request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
    }

    /// A `Set-Cookie` value for the console: HttpOnly, SameSite=Strict, path `/console`,
    /// `Secure` when `secure`; `maxAge` 0 deletes it.
    static func cookie(name: String, value: String, secure: Bool, maxAge: Int? = nil, httpOnly: Bool = true) -> String {
        var cookie = "\(name)=\(value); Path=/console; SameSite=Strict"
        if httpOnly { cookie += "; HttpOnly" }
        if secure { cookie += "; Secure" }
        if let maxAge { cookie += "; Max-Age=\(maxAge)" }
        return cookie
    }

    /// Whether two tokens are equal, in time that does not depend on where they differ.
    static func tokensMatch(_ given: String?, _ expected: String) -> Bool {
        guard let given, given.utf8.count == expected.utf8.count, !expected.isEmpty else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(given.utf8, expected.utf8) { difference |= left ^ right }
        return difference == 0
    }

    /// Whether a POST came from the console's own pages, as far as the browser says: its
    /// `Sec-Fetch-Site` (when sent) is `same-origin`, and its `Origin` (when sent and not `null`,
    /// which browsers send under `Referrer-Policy: no-referrer`) is this host. A form posted
    /// from another site is refused even before its token is checked.
    static func isSameOrigin(_ request: Request) -> Bool {
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site != "same-origin" { return false }
        guard let origin = request.headers[HTTPField.Name("Origin")!], origin != "null" else { return true }
        guard let host = request.headers[HTTPField.Name("Host")!] ?? request.head.authority else { return false }
        return origin == "http://\(host)" || origin == "https://\(host)"
    }

    /// The address failed sign-ins are counted against: the peer, or for a peer on this
    /// machine or among `trustedProxies` the last address of `X-Forwarded-For`.
    static func clientAddress(_ request: Request, peer: String, trustedProxies: [String]) -> String {
        let isLocal = peer == "127.0.0.1" || peer == "::1" || peer.hasPrefix("::ffff:127.")
        if isLocal || trustedProxies.contains(peer), let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!],
           let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty {
            return last
        }
        return peer
    }
}
