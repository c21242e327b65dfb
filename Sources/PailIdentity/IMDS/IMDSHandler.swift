import Foundation
import PailHTTP
import PailS3

/// A fake EC2 instance metadata service (IMDSv2; v1 optional) serving one role's credentials, which are
/// real temporary credentials of the S3 server (protocol.md §1).
public final class IMDSHandler: HTTPHandler, Sendable {
    private let cache: RoleCredentialCache
    private let tokens: IMDSTokenIssuer
    private let allowV1: Bool
    private let region: String
    private let instanceID: String
    private let clock: @Sendable () -> Date

    public init(cache: RoleCredentialCache, region: String, allowV1: Bool, instanceID: String = "i-0a11ce0b0b5ca1ab1",
                clock: @escaping @Sendable () -> Date) {
        self.cache = cache
        self.tokens = IMDSTokenIssuer(clock: clock)
        self.allowV1 = allowV1
        self.region = region
        self.instanceID = instanceID
        self.clock = clock
    }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        let head = request.head
        _ = try? request.body.readAll(limit: 64 * 1024)
        var path = String(head.rawPath)
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        if head.method == "PUT" { return token(head, path: path) }
        guard head.method == "GET" || head.method == "HEAD" else { return text(405, "Method Not Allowed") }
        if let given = head.headers["X-aws-ec2-metadata-token"] {
            guard tokens.isValid(given) else { return text(401, "Unauthorized") }
        } else if !allowV1 {
            return text(401, "Unauthorized")
        }
        var response = metadata(path) ?? text(404, "Not Found")
        if head.method == "HEAD" { response.omitBody = true }
        return response
    }

    /// `PUT /latest/api/token`: TTL 1...21600 echoed back; X-Forwarded-For refused (EC2 user guide,
    /// "How IMDSv2 works"); versioned token paths are 403.
    private func token(_ head: HTTPRequestHead, path: String) -> HTTPResponse {
        guard path == "/latest/api/token" else {
            return path.hasSuffix("/api/token") ? text(403, "Forbidden") : text(405, "Method Not Allowed")
        }
        if head.headers["X-Forwarded-For"] != nil { return text(403, "Forbidden") }
        guard let raw = head.headers["X-aws-ec2-metadata-token-ttl-seconds"],
              let ttl = Int(raw.trimmingCharacters(in: .whitespaces)), (1...21600).contains(ttl) else {
            return text(400, "Bad Request")
        }
        var r = text(200, tokens.issue(ttl: ttl))
        r.headers.add("X-aws-ec2-metadata-token-ttl-seconds", String(ttl))
        return r
    }

    private func metadata(_ path: String) -> HTTPResponse? {
        let credsPrefix = "/latest/meta-data/iam/security-credentials"
        switch path {
        case "/latest/meta-data":
            return text(200, "ami-id\niam/\ninstance-id\ninstance-type\nplacement/")
        case "/latest/meta-data/iam":
            return text(200, "info\nsecurity-credentials/")
        case credsPrefix:
            // No trailing newline: botocore pastes the body into the next URL (protocol.md §1).
            return text(200, cache.role.name)
        case credsPrefix + "/" + cache.role.name:
            let (c, updated) = cache.credentials()
            return json([("Code", "Success"), ("LastUpdated", S3Date.iso8601Seconds(updated)), ("Type", "AWS-HMAC"),
                         ("AccessKeyId", c.accessKeyID), ("SecretAccessKey", c.secretAccessKey),
                         ("Token", c.sessionToken), ("Expiration", S3Date.iso8601Seconds(c.expiration))])
        case "/latest/meta-data/iam/info":
            return json([("Code", "Success"), ("LastUpdated", S3Date.iso8601Seconds(clock())),
                         ("InstanceProfileArn", "arn:aws:iam::\(pailAccountID):instance-profile/\(cache.role.name)"),
                         ("InstanceProfileId", "AIPA" + cache.role.roleID.dropFirst(4))])
        case "/latest/meta-data/instance-id": return text(200, instanceID)
        case "/latest/meta-data/ami-id": return text(200, "ami-0123456789abcdef0")
        case "/latest/meta-data/instance-type": return text(200, "t3.micro")
        case "/latest/meta-data/placement": return text(200, "availability-zone\nregion")
        // SDKs derive the region by dropping the AZ's last letter.
        case "/latest/meta-data/placement/availability-zone": return text(200, region + "a")
        case "/latest/meta-data/placement/region": return text(200, region)
        case "/latest/dynamic/instance-identity/document":
            return json([("accountId", pailAccountID), ("availabilityZone", region + "a"), ("instanceId", instanceID),
                         ("instanceType", "t3.micro"), ("region", region)])
        default: return nil
        }
    }

    private func text(_ status: Int, _ body: String) -> HTTPResponse {
        var r = HTTPResponse(status: status, body: .bytes(Array(body.utf8)))
        r.headers.add("Content-Type", "text/plain")
        r.headers.add("Server", "EC2ws")
        return r
    }

    private func json(_ members: [(String, String)]) -> HTTPResponse {
        let body = "{\n" + members.map { "  \"\($0.0)\" : \"\(Self.escape($0.1))\"" }.joined(separator: ",\n") + "\n}"
        var r = HTTPResponse(status: 200, body: .bytes(Array(body.utf8)))
        r.headers.add("Content-Type", "text/plain")
        r.headers.add("Server", "EC2ws")
        return r
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where ch.value < 0x20: out += String(format: "\\u%04x", ch.value)
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
