import Audit
import Config
import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import NIOCore
import Store
import Wire

/// Serves the console: signs operators in and out, checks their session, role and form token
/// on every request, runs the page's handler and frames its page with the security headers.
struct ConsoleResponder: Sendable {
    let gateway: Gateway
    let sessions: ConsoleSessions
    let limiter: SignInLimiter
    let renderer: ConsoleRenderer
    let settings: ConsoleConfig

    /// The session cookie's name.
    static let sessionCookie = "sb_session"
    /// The cookie that carries the sign-in form's token before there is a session.
    static let signInCookie = "sb_signin"
    /// The cookie that remembers the chosen language.
    static let languageCookie = "sb_lang"
    /// The largest form body accepted (a proposed configuration fits).
    static let maximumFormBytes = 1 << 20

    init(gateway: Gateway, clock: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.gateway = gateway
        settings = gateway.config.console
        sessions = ConsoleSessions(idle: settings.sessionIdle, lifetime: settings.sessionLifetime, clock: clock)
        limiter = SignInLimiter(attempts: settings.signInAttempts, window: settings.signInWindow, clock: clock)
        renderer = ConsoleRenderer()
    }

    // MARK: Signing in and out

    /// `GET /console/sign-in`: the form, with a fresh token in a cookie and in the form.
    func signInForm(_ request: Request, context: SwitchboardRequestContext) -> Response {
        let language = self.language(request)
        if let session = currentSession(request), let landing = ConsolePage.landing(for: session.caller.role) {
            return redirect(to: landing.path, request)
        }
        return signInPage(request, language: language, status: .ok, error: nil)
    }

    /// `POST /console/sign-in`: checks the form's token and the key, counts failures per client
    /// address, audits every attempt, and starts a session.
    func signIn(_ request: Request, context: SwitchboardRequestContext) async -> Response {
        let language = self.language(request)
        let address = ConsoleSecurity.clientAddress(request, peer: context.peerAddress, trustedProxies: settings.trustedProxies)
        guard let form = await form(request) else {
            return signInPage(request, language: language, status: .contentTooLarge, error: ConsoleText.text("csrf_refused", language))
        }
        guard ConsoleSecurity.isSameOrigin(request), ConsoleSecurity.tokensMatch(form["csrf"], request.cookies[Self.signInCookie]?.value ?? "") else {
            return bareRefusal(request, language: language, status: .forbidden, id: "csrf-refused", message: ConsoleText.text("csrf_refused", language))
        }
        if let wait = limiter.retryAfter(address) {
            let seconds = max(1, Int(wait.components.seconds) + 1)
            await audit(signInBy: nil, address: address, status: 429, code: "sign_in_rate_limited", requestID: context.requestID)
            var response = signInPage(request, language: language, status: .tooManyRequests, error: ConsoleText.format("sign_in_limited", language, [String(seconds)]))
            response.headers[.retryAfter] = String(seconds)
            return response
        }
        let key = form["api_key"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let digest = APIKeySecret.digest(key)
        let caller: Caller
        do throws(APIError) {
            caller = try await gateway.authenticator.authenticate(digest: digest)
        } catch {
            if error.status == 401 { limiter.recordFailure(address) }
            await audit(signInBy: nil, address: address, status: error.status, code: error.code, requestID: context.requestID)
            let message = error.status == 401 ? ConsoleText.text("sign_in_failed", language) : error.message
            return signInPage(request, language: language, status: HTTPResponse.Status(code: error.status), error: message)
        }
        guard let landing = ConsolePage.landing(for: caller.role) else {
            limiter.recordFailure(address)
            await audit(signInBy: caller, address: address, status: 403, code: "role_not_allowed", requestID: context.requestID)
            return signInPage(request, language: language, status: .forbidden, error: ConsoleText.text("sign_in_role", language))
        }
        limiter.recordSuccess(address)
        if let failure = await audit(signInBy: caller, address: address, status: 200, code: nil, requestID: context.requestID) {
            return signInPage(request, language: language, status: .serviceUnavailable, error: failure.message)
        }
        let session = sessions.start(caller: caller, keyDigest: digest)
        var response = redirect(to: landing.path, request)
        let secure = ConsoleSecurity.isSecure(request, mode: settings.secureCookie)
        response.headers[values: .setCookie].append(ConsoleSecurity.cookie(name: Self.sessionCookie, value: session.token, secure: secure))
        response.headers[values: .setCookie].append(ConsoleSecurity.cookie(name: Self.signInCookie, value: "", secure: secure, maxAge: 0))
        return response
    }

    /// `POST /console/sign-out`: ends the session (its form token must match) and clears the cookie.
    func signOut(_ request: Request, context: SwitchboardRequestContext) async -> Response {
        let language = self.language(request)
        guard let session = currentSession(request) else { return redirect(to: "/console/sign-in", request) }
        guard let form = await form(request), ConsoleSecurity.isSameOrigin(request), ConsoleSecurity.tokensMatch(form["csrf"], session.csrf) else {
            return bareRefusal(request, language: language, status: .forbidden, id: "csrf-refused", message: ConsoleText.text("csrf_refused", language))
        }
        sessions.end(token: session.token)
        var response = redirect(to: "/console/sign-in", request)
        response.headers[values: .setCookie].append(
            ConsoleSecurity.cookie(name: Self.sessionCookie, value: "", secure: ConsoleSecurity.isSecure(request, mode: settings.secureCookie), maxAge: 0))
        return response
    }

    @discardableResult
    private func audit(signInBy caller: Caller?, address: String, status: Int, code: String?, requestID: String) async -> APIError? {
        gateway.logger.notice(
            status == 200 ? "console sign-in" : "console sign-in refused",
            metadata: [
                "request_id": "\(requestID)", "client": "\(address)", "status": "\(status)", "code": "\(code ?? "")",
                "key_id": "\(caller?.keyID ?? "")", "role": "\(caller?.role.rawValue ?? "")",
            ])
        let event = AuditEvent(
            operation: "console/sign-in", requestID: requestID, tenant: caller?.tenant ?? "", keyID: caller?.keyID ?? "", endUser: nil, scenario: nil,
            toolCall: nil, change: JSONValue.object(["client": .string(address)]).encodedString, status: status, errorCode: code)
        return await gateway.record(event)
    }

    private func signInPage(_ request: Request, language: ConsoleLanguage, status: HTTPResponse.Status, error: String?) -> Response {
        let token = Hex.random(bytes: 32)
        var context: [String: Any] = ["t": ConsoleText.table(language), "htmlLang": language.htmlLang, "csrf": token, "title": ConsoleText.text("sign_in", language)]
        if let error { context["error"] = error }
        var response = html(renderer.render("signIn", context), status: status, request)
        response.headers[values: .setCookie].append(
            ConsoleSecurity.cookie(name: Self.signInCookie, value: token, secure: ConsoleSecurity.isSecure(request, mode: settings.secureCookie), maxAge: 3600))
        return response
    }

    // MARK: Pages

    /// Serves a page to a signed-in operator whose role may see `page` (and, when given, may
    /// `act`); a POST must carry the session's form token.
    func serve(
        _ request: Request, context: SwitchboardRequestContext, page: ConsolePage, mayAct: (@Sendable (Role) -> Bool)? = nil,
        _ handler: (ConsoleVisit) async -> ConsoleOutcome
    ) async -> Response {
        let language = self.language(request)
        guard let session = await liveSession(request) else {
            if request.method == .get { return redirect(to: "/console/sign-in", request) }
            return bareRefusal(request, language: language, status: .forbidden, id: "session-ended", message: ConsoleText.text("session_ended", language))
        }
        var visit = ConsoleVisit(session: session, language: language, query: Self.query(request), form: FormBody(""), requestID: context.requestID)
        let role = session.caller.role
        guard page.isVisible(to: role), mayAct?(role) ?? true else {
            return finish(
                .refusal(status: 403, id: "forbidden", message: visit.text("forbidden", visit.text("role_\(role.rawValue)"))), page: page, visit: visit, request)
        }
        if request.method == .post {
            guard let form = await form(request) else {
                return finish(.refusal(status: 413, id: "too-large", message: "The form is larger than 1 MiB."), page: page, visit: visit, request)
            }
            guard ConsoleSecurity.isSameOrigin(request), ConsoleSecurity.tokensMatch(form["csrf"], session.csrf) else {
                return finish(.refusal(status: 403, id: "csrf-refused", message: visit.text("csrf_refused")), page: page, visit: visit, request)
            }
            visit.form = form
        }
        return finish(await handler(visit), page: page, visit: visit, request)
    }

    /// A path under `/console` that no page has.
    func notFound(_ request: Request, context: SwitchboardRequestContext) async -> Response {
        let language = self.language(request)
        guard let session = await liveSession(request) else {
            return bareRefusal(request, language: language, status: .notFound, id: "not-found", message: ConsoleText.text("not_found", language))
        }
        let visit = ConsoleVisit(session: session, language: language, query: [:], form: FormBody(""), requestID: context.requestID)
        return finish(.refusal(status: 404, id: "not-found", message: visit.text("not_found")), page: .overview, visit: visit, request)
    }

    /// The session the cookie names, if it is live and its key still active; a session whose
    /// key was revoked ends.
    func liveSession(_ request: Request) async -> ConsoleSession? {
        guard let session = currentSession(request) else { return nil }
        do throws(APIError) {
            let caller = try await gateway.authenticator.authenticate(digest: session.keyDigest)
            guard caller == session.caller else {
                sessions.end(token: session.token)
                return nil
            }
            return session
        } catch {
            if error.status == 401 { sessions.end(token: session.token) }
            return nil
        }
    }

    private func currentSession(_ request: Request) -> ConsoleSession? {
        guard let token = request.cookies[Self.sessionCookie]?.value, !token.isEmpty else { return nil }
        return sessions.session(token: token)
    }

    private func finish(_ outcome: ConsoleOutcome, page: ConsolePage, visit: ConsoleVisit, _ request: Request) -> Response {
        switch outcome {
        case .redirect(let location):
            return redirect(to: location, request)
        case .download(let contentType, let filename, let body):
            var response = Response(
                status: .ok, headers: [.contentType: contentType, .contentDisposition: "attachment; filename=\"\(filename)\""],
                body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
            secure(&response, request)
            return response
        case .refusal(let status, let id, let message):
            var context = common(visit)
            context["errorID"] = id
            context["message"] = message
            context["backHref"] = ConsolePage.landing(for: visit.caller.role)?.path ?? "/console/sign-in"
            let title = status == 404 ? visit.text("not_found") : String(status)
            return frame(page: page, title: title, body: renderer.render("errorPage", context), visit: visit, notice: nil, status: HTTPResponse.Status(code: status), request)
        case .page(let shown, let template, let pageContext, let notice, let title):
            let context = common(visit).merging(pageContext) { $1 }
            return frame(
                page: shown, title: title ?? visit.text(shown.titleKey), body: renderer.render(template, context), visit: visit, notice: notice, status: .ok, request)
        }
    }

    private func common(_ visit: ConsoleVisit) -> [String: Any] {
        ["t": ConsoleText.table(visit.language), "csrf": visit.session.csrf, "htmlLang": visit.language.htmlLang, "timeZone": gateway.config.pool.timeZone]
    }

    private func frame(
        page: ConsolePage, title: String, body: String, visit: ConsoleVisit, notice: ConsoleOutcome.Notice?, status: HTTPResponse.Status, _ request: Request
    ) -> Response {
        let role = visit.caller.role
        let nav: [[String: Any]] = ConsolePage.allCases.filter { $0.isVisible(to: role) }.map { item in
            ["href": item.path, "label": visit.text(item.titleKey), "active": item == page]
        }
        var context = common(visit)
        context["title"] = title
        context["page"] = page.rawValue
        context["nav"] = nav
        context["who"] = "\(visit.caller.keyID) · \(visit.caller.tenant)"
        context["roleLabel"] = visit.text("role_\(role.rawValue)")
        context["body"] = body
        if page == .live { context["script"] = "live.js" }
        if let notice { context["notice"] = ["kind": notice.kind, "text": notice.text] }
        return html(renderer.render("layout", context), status: status, request)
    }

    private func bareRefusal(_ request: Request, language: ConsoleLanguage, status: HTTPResponse.Status, id: String, message: String) -> Response {
        let context: [String: Any] = ["t": ConsoleText.table(language), "htmlLang": language.htmlLang, "errorID": id, "message": message, "title": String(status.code)]
        return html(renderer.render("bareError", context), status: status, request)
    }

    private func html(_ text: String, status: HTTPResponse.Status, _ request: Request) -> Response {
        var response = Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        secure(&response, request)
        return response
    }

    private func redirect(to location: String, _ request: Request) -> Response {
        var response = Response(status: .seeOther, headers: [.location: location])
        secure(&response, request)
        return response
    }

    /// Adds the security headers, and remembers a language chosen with `?lang=`.
    func secure(_ response: inout Response, _ request: Request) {
        let isSecure = ConsoleSecurity.isSecure(request, mode: settings.secureCookie)
        ConsoleSecurity.apply(to: &response.headers, secure: isSecure)
        if let chosen = request.uri.queryParameters.get("lang"), let language = ConsoleLanguage(rawValue: chosen) {
            response.headers[values: .setCookie].append(
                ConsoleSecurity.cookie(name: Self.languageCookie, value: language.rawValue, secure: isSecure, maxAge: 365 * 86_400))
        }
    }

    private func language(_ request: Request) -> ConsoleLanguage {
        ConsoleLanguage.choose(
            query: request.uri.queryParameters.get("lang"), cookie: request.cookies[Self.languageCookie]?.value,
            acceptLanguage: request.headers[.acceptLanguage])
    }

    private func form(_ request: Request) async -> FormBody? {
        guard let body = try? await request.body.collect(upTo: Self.maximumFormBytes) else { return nil }
        return FormBody(String(buffer: body))
    }

    private static func query(_ request: Request) -> [String: String] {
        // Parsed from the raw query, as a GET form sends it (`+` for spaces).
        let fields = FormBody(request.uri.query ?? "")
        return fields.firstValues
    }
}
