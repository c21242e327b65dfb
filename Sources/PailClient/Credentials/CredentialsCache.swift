import Foundation

/// Holds temporary credentials and fetches new ones `refreshBefore` seconds before they expire, or
/// when forced. Concurrent callers share one fetch.
actor CredentialsCache {
    private var current: AWSCredentials?
    private var inFlight: Task<AWSCredentials, Error>?
    let refreshBefore: Double
    let clock: @Sendable () -> Date
    let fetch: @Sendable () async throws -> AWSCredentials

    init(refreshBefore: Double, clock: @escaping @Sendable () -> Date, fetch: @escaping @Sendable () async throws -> AWSCredentials) {
        self.refreshBefore = refreshBefore
        self.clock = clock
        self.fetch = fetch
    }

    func get(forceRefresh: Bool) async throws -> AWSCredentials {
        if !forceRefresh, let c = current {
            guard let exp = c.expiration else { return c }
            if exp.timeIntervalSince(clock()) > refreshBefore { return c }
        }
        if let t = inFlight { return try await t.value }
        let t = Task { try await fetch() }
        inFlight = t
        defer { inFlight = nil }
        let c = try await t.value
        current = c
        return c
    }
}
