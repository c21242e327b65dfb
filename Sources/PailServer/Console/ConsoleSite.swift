import Foundation
import PailHTTP

/// The web console: one HTML page, its style sheet and its ES modules, served with a strict
/// Content-Security-Policy. The page signs every request itself with SigV4 over Web Crypto, so the
/// server treats its calls like any other client's.
///
/// The files are Swift string literals (`Assets/`) rather than a SwiftPM resource bundle: on Linux
/// `Bundle.module` looks for `pail_PailServer.resources` beside the executable and otherwise in the
/// absolute build directory, and stops the process with `fatalError` when neither exists, so a `pail`
/// binary copied elsewhere (an install step, a container's runtime stage) would lose its console or
/// crash. Literals travel with the binary.
///
/// - `GET /_pail/console` (and `/_pail/console/`, and `/` on the console listener): the page.
/// - `GET /_pail/console/<file>`: `console.css` and the `.js` modules; other names 404.
struct ConsoleSite {
    /// The region the page signs for.
    var region: String
    /// The path prefix the page puts before S3 paths: "" on the S3 port, `ConsoleListener.apiPrefix` on
    /// the console listener.
    var apiBase: String

    /// Stops the page being framed, sniffed or leaking its URL; scripts and styles only from this origin,
    /// so nothing inline runs. `blob:` lets downloads through an object URL.
    static let securityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        + "img-src 'self' data: blob:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"

    /// The console's answer to `head`, or nil when the path is not the console's.
    func response(for head: HTTPRequestHead) -> HTTPResponse? {
        let path = head.rawPath
        guard BuiltinRoutes.hasPrefix(path, "/_pail/console") else { return nil }
        let rest = path.dropFirst("/_pail/console".count)
        guard rest.isEmpty || rest.first == "/" else { return nil }
        guard head.method == "GET" || head.method == "HEAD" else { return Self.notAllowed() }
        if rest.isEmpty || rest == "/" { return page() }
        guard let asset = ConsoleAsset.files[String(rest.dropFirst())] else {
            return Self.respond(404, "text/plain; charset=utf-8", "no console file \(rest.dropFirst())\n")
        }
        return Self.respond(200, asset.contentType, asset.text)
    }

    /// The HTML page, telling the scripts the region and the API prefix through `<meta>` tags (an inline
    /// script would break the policy).
    func page() -> HTTPResponse {
        let html = ConsolePage.html
            .replacingOccurrences(of: "{{region}}", with: Self.attribute(region))
            .replacingOccurrences(of: "{{apiBase}}", with: Self.attribute(apiBase))
        return Self.respond(200, "text/html; charset=utf-8", html)
    }

    static func respond(_ status: Int, _ contentType: String, _ text: String) -> HTTPResponse {
        var response = HTTPResponse(status: status, body: .bytes(Array(text.utf8)))
        response.headers.add("Content-Type", contentType)
        response.headers.add("Content-Security-Policy", securityPolicy)
        response.headers.add("X-Content-Type-Options", "nosniff")
        response.headers.add("Referrer-Policy", "no-referrer")
        response.headers.add("Cache-Control", "no-cache")
        return response
    }

    static func notAllowed() -> HTTPResponse {
        var response = respond(405, "text/plain; charset=utf-8", "the console answers GET and HEAD\n")
        response.headers.add("Allow", "GET, HEAD")
        return response
    }

    /// `value` safe inside a double-quoted HTML attribute.
    private static func attribute(_ value: String) -> String {
        value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
