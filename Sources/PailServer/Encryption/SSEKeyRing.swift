import Foundation
import PailIdentity
import PailS3

/// The keys that wrap data keys: the server master key (SSE-S3, and the root of the KMS keys) and
/// the KMS keys of the configuration plus the AWS managed key `aws/s3`.
///
/// The master key is 32 random bytes in `<data>/sse/master.key` (mode 0600, directory 0700), made
/// on first start; it is never logged. A KMS key's material is HMAC-SHA256(master, "pail-kms-key-v1\n" ‖ id):
/// stable across restarts and never written. Losing the master key loses every encrypted object.
final class SSEKeyRing: Sendable {
    /// Immutable after init; shared by every request thread.
    let master: [UInt8]
    private let keys: [KMSKey]
    private let region: String

    init(master: [UInt8], kms: KMSSettings, region: String) {
        precondition(master.count == 32)
        self.master = master
        self.region = region
        func derive(_ id: String) -> [UInt8] { HMAC.sha256(key: master, data: Array("pail-kms-key-v1\n\(id)".utf8)) }
        var keys = kms.keys.map { spec in
            KMSKey(id: spec.id, arn: spec.arn ?? "arn:aws:kms:\(region):\(pailAccountID):key/\(spec.id)",
                   aliases: spec.alias.map { [$0] } ?? [], material: derive(spec.id))
        }
        // The AWS managed key: an id of AWS's shape, fixed per master key.
        let hex = HMAC.sha256(key: master, data: Array("pail-aws-s3-key-id".utf8)).hex
        let chars = Array(hex)
        let id = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(chars[$0]) }.joined(separator: "-")
        keys.append(KMSKey(id: id, arn: "arn:aws:kms:\(region):\(pailAccountID):key/\(id)", aliases: ["alias/aws/s3"],
                           material: derive("aws/s3")))
        self.keys = keys
    }

    /// Loads or creates the master key under `dataDirectory`.
    convenience init(dataDirectory: URL, kms: KMSSettings, region: String, random: RandomSource) throws {
        try self.init(master: Self.loadOrCreateMaster(in: dataDirectory.appendingPathComponent("sse"), random: random),
                      kms: kms, region: region)
    }

    /// The key a request or bucket default names (key id, key ARN, `alias/NAME` or alias ARN; nil:
    /// `aws/s3`). Throws KMS.NotFoundException, with the message KMS gives, for any other.
    func kmsKey(_ name: String?) throws -> KMSKey {
        let name = name ?? "alias/aws/s3"
        let aliasPrefix = "arn:aws:kms:\(region):\(pailAccountID):"
        if let key = keys.first(where: { $0.id == name || $0.arn == name || $0.aliases.contains(name)
                                         || $0.aliases.contains { aliasPrefix + $0 == name } }) {
            return key
        }
        if name.hasPrefix("alias/") { throw S3Error.kmsNotFound("Alias \(aliasPrefix)\(name) is not found.") }
        if name.hasPrefix("arn:") {
            throw S3Error.kmsNotFound(name.contains(":alias/") ? "Alias \(name) is not found." : "Key '\(name)' does not exist")
        }
        if name.range(of: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", options: .regularExpression) != nil {
            throw S3Error.kmsNotFound("Key '\(aliasPrefix)key/\(name)' does not exist")
        }
        throw S3Error.kmsNotFound("Invalid keyId '\(name)'")
    }

    /// The key an object record names by ARN. Throws KMS.NotFoundException when the configuration
    /// no longer has it (the object cannot be read, as with a deleted key in AWS).
    func kmsKey(arn: String) throws -> KMSKey {
        guard let key = keys.first(where: { $0.arn == arn }) else { throw S3Error.kmsNotFound("Key '\(arn)' does not exist") }
        return key
    }

    /// Reads `<directory>/master.key`, creating it on first use. A file of the wrong size is an error
    /// rather than replaced: replacing it would lose every object encrypted under it.
    static func loadOrCreateMaster(in directory: URL, random: RandomSource) throws -> [UInt8] {
        let file = directory.appendingPathComponent("master.key")
        if let data = FileManager.default.contents(atPath: file.path) {
            guard data.count == 32 else { throw ConfigurationError("\(file.path) must hold 32 bytes") }
            return Array(data)
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let tmp = directory.appendingPathComponent("master.key.tmp")
        let fd = open(tmp.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ConfigurationError("cannot create \(tmp.path): \(String(cString: strerror(errno)))") }
        let key = random.bytes(32)
        let written = key.withUnsafeBytes { write(fd, $0.baseAddress, 32) }
        let synced = fsync(fd)
        close(fd)
        guard written == 32, synced == 0 else { throw ConfigurationError("cannot write \(tmp.path)") }
        // rename: two servers starting at once on one directory both end up with the winner's key.
        guard rename(tmp.path, file.path) == 0 else { throw ConfigurationError("cannot create \(file.path)") }
        let dir = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 { _ = fsync(dir); close(dir) }
        guard let data = FileManager.default.contents(atPath: file.path), data.count == 32 else {
            throw ConfigurationError("cannot read \(file.path)")
        }
        return Array(data)
    }
}
