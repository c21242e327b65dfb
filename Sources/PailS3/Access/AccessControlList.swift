/// An access control list: the owner and up to 100 grants (S3 User Guide, "Access control list (ACL)
/// overview"). Stored as compact JSON with the bucket and with each object version; display names are
/// not stored (they are the configuration's and are looked up when an ACL is shown).
public struct AccessControlList: Sendable, Equatable, Codable {
    /// The owner's canonical user id (64 hex).
    public var owner: String
    public var grants: [ACLGrant]

    public init(owner: String, grants: [ACLGrant]) {
        self.owner = owner
        self.grants = grants
    }

    /// FULL_CONTROL for the owner and nothing else: what `private` gives and what a resource has when
    /// nothing else was asked for.
    public static func ownerOnly(_ owner: String) -> AccessControlList {
        AccessControlList(owner: owner, grants: [ACLGrant(.canonicalUser(owner), .fullControl)])
    }

    /// Whether the ACL grants anything to AllUsers or AuthenticatedUsers (S3 User Guide, "The meaning
    /// of public": "S3 considers a bucket or object ACL public if it grants any permissions to members
    /// of the predefined AllUsers or AuthenticatedUsers groups").
    public var isPublic: Bool {
        grants.contains { $0.grantee == .allUsers || $0.grantee == .authenticatedUsers }
    }

    /// Whether this ACL grants `permission` (or FULL_CONTROL) to a grantee `accepts` admits.
    public func grants(_ permission: ACLPermission, to accepts: (ACLGrantee) -> Bool) -> ACLGrant? {
        grants.first { ($0.permission == permission || $0.permission == .fullControl) && accepts($0.grantee) }
    }

    private enum CodingKeys: String, CodingKey { case owner, grants }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        owner = try c.decode(String.self, forKey: .owner)
        grants = try c.decode([String].self, forKey: .grants).compactMap(ACLGrant.init(stored:))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(owner, forKey: .owner)
        try c.encode(grants.map(\.stored), forKey: .grants)
    }
}

/// What a grant permits (S3 User Guide, "ACL permissions").
public enum ACLPermission: String, Sendable, CaseIterable {
    case fullControl = "FULL_CONTROL", read = "READ", write = "WRITE", readACP = "READ_ACP", writeACP = "WRITE_ACP"
}

/// Who a grant is for: a canonical user, or one of S3's predefined groups.
public enum ACLGrantee: Sendable, Hashable {
    case canonicalUser(String)
    case group(String)

    public static let allUsersURI = "http://acs.amazonaws.com/groups/global/AllUsers"
    public static let authenticatedUsersURI = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
    public static let logDeliveryURI = "http://acs.amazonaws.com/groups/s3/LogDelivery"
    public static let allUsers = ACLGrantee.group(allUsersURI)
    public static let authenticatedUsers = ACLGrantee.group(authenticatedUsersURI)

    /// The group URIs S3 defines ("Invalid group uri" for any other).
    public static let knownGroups: Set<String> = [allUsersURI, authenticatedUsersURI, logDeliveryURI]
}

/// One grant.
public struct ACLGrant: Sendable, Equatable {
    public var grantee: ACLGrantee
    public var permission: ACLPermission

    public init(_ grantee: ACLGrantee, _ permission: ACLPermission) {
        self.grantee = grantee
        self.permission = permission
    }

    /// `READ id:<hex>` / `READ uri:<uri>`.
    var stored: String {
        switch grantee {
        case .canonicalUser(let id): return permission.rawValue + " id:" + id
        case .group(let uri): return permission.rawValue + " uri:" + uri
        }
    }

    init?(stored: String) {
        let parts = stored.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, let p = ACLPermission(rawValue: String(parts[0])) else { return nil }
        let g = parts[1]
        if g.hasPrefix("id:") { grantee = .canonicalUser(String(g.dropFirst(3))) }
        else if g.hasPrefix("uri:") { grantee = .group(String(g.dropFirst(4))) }
        else { return nil }
        permission = p
    }
}
