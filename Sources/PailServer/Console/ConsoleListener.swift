import PailHTTP

/// The handler of the console's own listener (`pail serve --console-address`), as MinIO's console has
/// a port of its own.
///
/// The page is at `/`, its files under `/_pail/console/`. Its S3 and admin calls go to the same origin
/// under `/_pail/api/…` and are handed, with that prefix removed, to the S3 pipeline in this process: a
/// same-origin proxy without a network hop, so no CORS rules are needed and the pipeline (faults,
/// authorization, logs, the live view) treats them as it treats requests on the S3 port. The page signs
/// the path without the prefix, which is the path the pipeline checks. Any other path is 404.
final class ConsoleListener: HTTPHandler {
    /// Where the page's API calls go on this listener.
    static let apiPrefix = "/_pail/api"

    private let service: S3Service
    private let site: ConsoleSite

    init(service: S3Service) {
        self.service = service
        self.site = ConsoleSite(region: service.configuration.region, apiBase: Self.apiPrefix)
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let head = request.head
        if head.rawPath == "/" {
            guard head.method == "GET" || head.method == "HEAD" else { return ConsoleSite.notAllowed() }
            return headless(site.page(), head)
        }
        if let response = site.response(for: head) { return headless(response, head) }
        guard BuiltinRoutes.hasPrefix(head.rawPath, "/_pail/api/") || head.rawPath == "/_pail/api" else {
            return headless(ConsoleSite.respond(404, "text/plain; charset=utf-8", "not found; the console is at /\n"), head)
        }
        var relayed = head
        let rest = head.target.dropFirst(Self.apiPrefix.count)
        relayed.target = rest.first == "/" ? String(rest) : "/" + rest
        return service.handle(HTTPRequest(head: relayed, body: request.body, contentLength: request.contentLength,
                                          remoteAddress: request.remoteAddress, isSecure: request.isSecure))
    }

    private func headless(_ response: HTTPResponse, _ head: HTTPRequestHead) -> HTTPResponse {
        var response = response
        if head.method == "HEAD" { response.omitBody = true }
        return response
    }
}
