import Foundation
import PailFaults
import PailIdentity
import PailS3

/// The configuration file of `pail serve --config FILE`: every setting of `Setting.all` at its dotted
/// key, plus the identity sections (`users`, `roles`, `sts`, `imds`, `kms`) and the fault plan.
///
/// Loading checks the whole file before the server starts: JSON syntax (with line and column),
/// unknown or repeated keys, types, identity policies and the fault plan. Each error is one line
/// naming the file and the JSON path (`pail.json: $.users[2].secretKey: missing`). Identity files
/// written before the other sections existed load unchanged.
public struct ConfigurationFile: Sendable {
    /// The path as given (messages name it so).
    public let path: String
    /// The top-level object.
    let root: PolicyJSON
    /// The identity sections, decoded and validated.
    public let identity: IdentityConfiguration
    /// The fault plan written inline (an object or a bare array of rules), if any.
    public let inlineFaultPlan: FaultPlan?

    /// Reads and checks the file at `path`.
    public static func load(path: String) throws -> ConfigurationFile {
        let bytes: [UInt8]
        do { bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path))) } catch {
            throw ConfigurationError("\(path): cannot read: \(Self.readFailure(path))")
        }
        return try parse(bytes, path: path)
    }

    /// Checks `bytes` as the contents of the file at `path` (which messages name).
    public static func parse(_ bytes: [UInt8], path: String) throws -> ConfigurationFile {
        let root: PolicyJSON
        switch PolicyJSON.parseLocatingError(bytes) {
        case .success(let value): root = value
        case .failure(let e): throw ConfigurationError("\(path): \(e)")
        }
        guard case .object = root else {
            throw ConfigurationError("\(path): $: expected an object, got \(root.typeName)")
        }
        if let problem = ConfigurationSchema.file.firstProblem(in: root, at: "$") {
            throw ConfigurationError("\(path): \(problem)")
        }
        let identity = try decodeIdentity(root, path: path)
        var plan: FaultPlan?
        if let faults = root["faults"], faults.isContainer {
            plan = try decodePlan(faults, path: path)
        }
        return ConfigurationFile(path: path, root: root, identity: identity, inlineFaultPlan: plan)
    }

    /// The value at a dotted key (`tls.address`), if the file has it.
    func value(at key: String) -> PolicyJSON? {
        var node: PolicyJSON? = root
        for part in key.split(separator: ".") { node = node?[String(part)] }
        return node
    }

    private static func decodeIdentity(_ root: PolicyJSON, path: String) throws -> IdentityConfiguration {
        guard case .object(let members) = root else { return .init() }
        let sections = Set(["users", "roles", "sts", "imds", "kms"])
        let subset = PolicyJSON.object(members.filter { sections.contains($0.name) })
        let identity: IdentityConfiguration
        do {
            identity = try JSONDecoder().decode(IdentityConfiguration.self, from: Data(subset.serialized.utf8))
        } catch let error as DecodingError {
            throw ConfigurationError("\(path): \(error.configurationMessage())")
        }
        try checkIdentity(root, path: path)
        do { try identity.validate() } catch {
            throw ConfigurationError("\(path): \(error)")
        }
        return identity
    }

    /// The checks that can name a JSON path: empty keys, and each inline policy with the policy
    /// grammar's own messages (IAM User Guide, "IAM JSON policy element reference").
    private static func checkIdentity(_ root: PolicyJSON, path: String) throws {
        for section in ["users", "roles"] {
            guard case .array(let items)? = root[section] else { continue }
            for (i, item) in items.enumerated() {
                let at = "$.\(section)[\(i)]"
                let required = section == "users" ? ["accessKey", "secretKey"] : ["name"]
                for name in required where item[name] == .string("") {
                    throw ConfigurationError("\(path): \(at).\(name): empty")
                }
                guard case .array(let policies)? = item["policies"] else { continue }
                for (j, policy) in policies.enumerated() {
                    do {
                        if case .string(let text) = policy { _ = try Policy.parse(Array(text.utf8), kind: .identity) }
                        else { _ = try Policy.parse(policy, kind: .identity) }
                    } catch let e as PolicyError {
                        throw ConfigurationError("\(path): \(at).policies[\(j)]: MalformedPolicy: \(e.message)")
                    }
                }
            }
        }
    }

    private static func decodePlan(_ value: PolicyJSON, path: String) throws -> FaultPlan {
        do {
            return try JSONDecoder().decode(FaultPlan.self, from: Data(value.serialized.utf8))
        } catch let error as DecodingError {
            throw ConfigurationError("\(path): \(error.configurationMessage(under: "$.faults"))")
        } catch {
            throw ConfigurationError("\(path): $.faults: \(error)")
        }
    }

    /// Why a file cannot be read, in the words of the C library (`No such file or directory`).
    static func readFailure(_ path: String) -> String {
        let fd = open(path, O_RDONLY)
        if fd < 0 { return String(cString: strerror(errno)) }
        close(fd)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return "is a directory"
        }
        return "read failed"
    }
}

extension PolicyJSON {
    /// An object or an array.
    var isContainer: Bool {
        switch self {
        case .object, .array: return true
        default: return false
        }
    }
}
