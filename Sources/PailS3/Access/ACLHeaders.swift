/// The ACL a request asks for in its headers: `x-amz-acl` (a canned ACL) or `x-amz-grant-*` lists
/// (S3 API reference, PutObject/CreateBucket/PutBucketAcl request headers).
public enum ACLHeaders {
    /// Grant headers and the permission each gives.
    public static let grantHeaders: [(String, ACLPermission)] = [
        ("x-amz-grant-full-control", .fullControl), ("x-amz-grant-read", .read), ("x-amz-grant-write", .write),
        ("x-amz-grant-read-acp", .readACP), ("x-amz-grant-write-acp", .writeACP),
    ]

    /// What the headers say.
    public enum Request: Equatable {
        case canned(CannedACL)
        /// Explicit grants; S3 adds no implicit owner grant to these.
        case grants([ACLGrant])
    }

    /// Reads the headers through `header` (case-insensitive lookup). Nil when neither kind is present.
    /// Both kinds at once: InvalidRequest; an unknown canned ACL or a grant that cannot be read:
    /// InvalidArgument; an unknown e-mail: UnresolvableGrantByEmailAddress.
    public static func parse(_ header: (String) -> String?, directory: AccessControlList.Directory) throws -> Request? {
        let canned = header("x-amz-acl")
        var grants: [ACLGrant] = []
        var sawGrant = false
        for (name, permission) in grantHeaders {
            guard let value = header(name) else { continue }
            sawGrant = true
            for item in value.split(separator: ",") {
                grants.append(ACLGrant(try grantee(item, header: name, value: value, directory: directory), permission))
            }
        }
        if canned != nil && sawGrant {
            throw S3Error.invalidRequest("Specifying both Canned ACLs and Header Grants is not allowed")
        }
        if let canned {
            guard let acl = CannedACL(rawValue: canned.trimmedXML) else {
                throw S3Error.invalidArgument("", name: "x-amz-acl", value: canned)
            }
            return .canned(acl)
        }
        return sawGrant ? .grants(grants) : nil
    }

    /// `id="…"`, `emailAddress="…"` or `uri="…"` (quotes optional).
    private static func grantee(_ item: Substring, header: String, value: String,
                                directory: AccessControlList.Directory) throws -> ACLGrantee {
        let parts = item.split(separator: "=", maxSplits: 1)
        guard parts.count == 2 else { throw S3Error.invalidArgument("Argument format not recognized", name: header, value: value) }
        let kind = String(parts[0]).trimmedXML
        var v = String(parts[1]).trimmedXML
        if v.count >= 2, v.hasPrefix("\""), v.hasSuffix("\"") { v = String(v.dropFirst().dropLast()) }
        switch kind.lowercased() {
        case "id":
            guard directory.isKnownID(v.lowercased()) else { throw S3Error.invalidArgument("Invalid id", name: "CanonicalUser/ID", value: v) }
            return .canonicalUser(v.lowercased())
        case "emailaddress":
            guard let id = directory.idForEmail(v) else { throw S3Error.unresolvableGrantByEmailAddress(v) }
            return .canonicalUser(id)
        case "uri":
            guard ACLGrantee.knownGroups.contains(v) else { throw S3Error.invalidArgument("Invalid group uri", name: "Group/URI", value: v) }
            return .group(v)
        default:
            throw S3Error.invalidArgument("Argument format not recognized", name: header, value: value)
        }
    }

    /// The ACL `request` stands for on a resource owned by `owner` in a bucket owned by `bucketOwner`.
    public static func acl(_ request: Request, owner: String, bucketOwner: String) -> AccessControlList {
        switch request {
        case .canned(let c): return c.acl(owner: owner, bucketOwner: bucketOwner)
        case .grants(let g): return AccessControlList(owner: owner, grants: g)
        }
    }
}
