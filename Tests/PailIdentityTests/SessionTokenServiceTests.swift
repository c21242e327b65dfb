import Foundation
import PailIdentity
import Synchronization
import Testing

final class TestClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    var now: Date {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }
}

@Suite struct SessionTokenServiceTests {
    let clock = TestClock()
    var service: SessionTokenService {
        let c = clock
        return SessionTokenService(key: Array(repeating: 7, count: 32), clock: { c.now })
    }

    @Test func issuedTokenVerifiesWithItsClaims() throws {
        let creds = service.issue(account: "alice", role: "reader", sessionName: "s1", duration: 900)
        #expect(creds.accessKeyID.hasPrefix("ASIA") && creds.accessKeyID.count == 20)
        let claims = try service.verify(token: creds.sessionToken, accessKey: creds.accessKeyID)
        #expect(claims == creds.claims)
        #expect(claims.account == "alice" && claims.role == "reader" && claims.sessionName == "s1")
        #expect(service.secret(for: creds.accessKeyID) == creds.secretAccessKey)
    }

    @Test func anyChangedByteMakesTheTokenInvalid() {
        let token = Array(service.issue(account: "root", role: nil, duration: 900).sessionToken.utf8)
        for i in 0..<token.count {
            var t = token
            t[i] = t[i] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            #expect(throws: SessionTokenError.invalid) { try service.verify(token: String(decoding: t, as: UTF8.self), accessKey: nil) }
        }
    }

    @Test func tokenOfAnotherAccessKeyIsInvalid() {
        let a = service.issue(account: "root", role: nil, duration: 900)
        let b = service.issue(account: "root", role: nil, duration: 900)
        #expect(throws: SessionTokenError.invalid) { try service.verify(token: a.sessionToken, accessKey: b.accessKeyID) }
    }

    @Test func tokenExpiresAtItsExpiration() throws {
        let creds = service.issue(account: "root", role: nil, duration: 900)
        clock.now += 899
        _ = try service.verify(token: creds.sessionToken, accessKey: creds.accessKeyID)
        clock.now += 1
        #expect(throws: SessionTokenError.expired) { try service.verify(token: creds.sessionToken, accessKey: creds.accessKeyID) }
    }

    @Test func tokenFromAnotherKeyIsInvalid() {
        let creds = service.issue(account: "root", role: nil, duration: 900)
        let other = SessionTokenService(key: Array(repeating: 8, count: 32))
        #expect(throws: SessionTokenError.invalid) { try other.verify(token: creds.sessionToken, accessKey: nil) }
    }

    @Test func keyFileIsCreatedOnceWithMode0600() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pail-id-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try SessionTokenService(dataDirectory: dir)
        let creds = first.issue(account: "root", role: nil, duration: 900)
        let second = try SessionTokenService(dataDirectory: dir)
        #expect(try second.verify(token: creds.sessionToken, accessKey: creds.accessKeyID).account == "root")
        let attrs = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("identity/token.key").path)
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }
}

@Suite struct RoleCredentialCacheTests {
    @Test func rotatesWhenAThirdOfTheLifetimeRemains() {
        let clock = TestClock()
        let tokens = SessionTokenService(key: Array(repeating: 1, count: 32), clock: { clock.now })
        let cache = RoleCredentialCache(role: Role(name: "pail"), account: "root", lifetime: 3000, tokens: tokens, clock: { clock.now })
        let (a, _) = cache.credentials()
        clock.now += 1999
        #expect(cache.credentials().0 == a)
        clock.now += 2
        let (b, _) = cache.credentials()
        #expect(b.accessKeyID != a.accessKeyID)
        #expect(b.expiration == clock.now.addingTimeInterval(3000).rounded)
    }
}

extension Date {
    var rounded: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}

@Suite struct WebIdentityTokenTests {
    func jwt(_ payload: String) -> String {
        func b64(_ s: String) -> String {
            Data(s.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        }
        return b64(#"{"alg":"RS256","typ":"JWT"}"#) + "." + b64(payload) + ".c2ln"
    }

    @Test func permissiveModeAcceptsAnyWellFormedJWT() throws {
        let t = try WebIdentityToken.validate(jwt(#"{"iss":"x","sub":"bob","aud":"a"}"#), settings: nil, now: Date())
        #expect(t.subject == "bob" && t.audiences == ["a"])
    }

    @Test func configuredIssuerRejectsOthers() {
        let s = WebIdentitySettings(issuer: "https://good", permissive: false)
        #expect(throws: WebIdentityToken.Failure.self) { try WebIdentityToken.validate(jwt(#"{"iss":"https://evil"}"#), settings: s, now: Date()) }
        #expect((try? WebIdentityToken.validate(jwt(#"{"iss":"https://good"}"#), settings: s, now: Date())) != nil)
    }

    @Test func expiredOrMalformedJWTsAreRefused() {
        #expect(throws: WebIdentityToken.Failure.expired) { try WebIdentityToken.validate(jwt(#"{"exp":1}"#), settings: nil, now: Date()) }
        #expect(throws: WebIdentityToken.Failure.self) { try WebIdentityToken.validate("not.a-jwt", settings: nil, now: Date()) }
    }
}
