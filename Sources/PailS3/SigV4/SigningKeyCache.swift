import Foundation
import Synchronization

/// Remembers SigV4 signing keys per (secret, date, region, service).
///
/// A key is four chained HMACs and changes once a day per credential, yet every request needs it:
/// caching it takes those HMACs off the per-request path. Thread-safe. The cache holds at most
/// `capacity` keys and is emptied when full (old dates and rotated secrets simply fall out), so its
/// memory stays bounded whatever the number of credentials seen.
public final class SigningKeyCache: Sendable {
    private struct Scope: Hashable {
        var secret: String, date: String, region: String, service: String
    }

    private struct State {
        var keys: [Scope: HMACKey] = [:]
        /// The last key handed out: a server mostly sees one credential per day, and comparing four
        /// strings costs far less than hashing them for the dictionary.
        var last: (scope: Scope, key: HMACKey)?
    }

    private let state = Mutex(State())
    private let capacity: Int

    public init(capacity: Int = 256) { self.capacity = capacity }

    /// The signing key, computed with `SigV4.signingKey` on a miss.
    public func key(secret: String, date: String, region: String, service: String) -> [UInt8] {
        hmacKey(secret: secret, date: date, region: region, service: service).bytes
    }

    /// The signing key prepared for HMAC-SHA256, so that each signature under it skips hashing the
    /// key's pads.
    public func hmacKey(secret: String, date: String, region: String, service: String) -> HMACKey {
        let scope = Scope(secret: secret, date: date, region: region, service: service)
        let cached: HMACKey? = state.withLock { state in
            if let last = state.last, last.scope == scope { return last.key }
            guard let key = state.keys[scope] else { return nil }
            state.last = (scope, key)
            return key
        }
        if let cached { return cached }
        let key = HMACKey(.sha256, key: SigV4.signingKey(secret: secret, date: date, region: region, service: service))
        state.withLock { state in
            if state.keys.count >= capacity { state.keys.removeAll(keepingCapacity: true) }
            state.keys[scope] = key
            state.last = (scope, key)
        }
        return key
    }

    /// How many keys are held (for tests).
    public var count: Int { state.withLock { $0.keys.count } }
}
