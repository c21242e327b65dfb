/// The AccessControlPolicy document of GetBucketAcl, PutBucketAcl, GetObjectAcl and PutObjectAcl.
extension AccessControlList {
    /// How grants name people, supplied by the server: which canonical ids exist, which canonical id
    /// an e-mail address belongs to, and the display name to show for an id.
    public struct Directory: Sendable {
        public var isKnownID: @Sendable (String) -> Bool
        public var idForEmail: @Sendable (String) -> String?
        public var displayName: @Sendable (String) -> String?

        public init(isKnownID: @escaping @Sendable (String) -> Bool, idForEmail: @escaping @Sendable (String) -> String?,
                    displayName: @escaping @Sendable (String) -> String?) {
            self.isKnownID = isKnownID
            self.idForEmail = idForEmail
            self.displayName = displayName
        }
    }

    /// Reads a PutBucketAcl/PutObjectAcl body. Structure errors are MalformedACLError; a grantee id
    /// no account has is InvalidArgument "Invalid id", an unknown group "Invalid group uri", an
    /// unknown e-mail UnresolvableGrantByEmailAddress. E-mail grantees are stored as the canonical
    /// user they name, as S3 does.
    public static func parse(_ body: [UInt8], directory: Directory) throws -> AccessControlList {
        let doc: XMLNode
        do { doc = try XMLReader.parse(body) } catch { throw S3Error.malformedACL() }
        guard doc.name == "AccessControlPolicy" else { throw S3Error.malformedACL() }
        guard let ownerNode = doc.child("Owner"), let owner = ownerNode.child("ID")?.text.trimmedXML, !owner.isEmpty else {
            throw S3Error.malformedACL()
        }
        var grants: [ACLGrant] = []
        if let list = doc.child("AccessControlList") {
            for node in list.children {
                guard node.name == "Grant" else { throw S3Error.malformedACL() }
                grants.append(try grant(node, directory: directory))
            }
        }
        guard grants.count <= 100 else { throw S3Error.malformedACL() }
        return AccessControlList(owner: owner.lowercased(), grants: grants)
    }

    private static func grant(_ node: XMLNode, directory: Directory) throws -> ACLGrant {
        guard let granteeNode = node.child("Grantee"), let permissionText = node.child("Permission")?.text.trimmedXML,
              let permission = ACLPermission(rawValue: permissionText) else { throw S3Error.malformedACL() }
        let grantee: ACLGrantee
        switch granteeNode.attributes["type"] {
        case "CanonicalUser":
            guard let id = granteeNode.child("ID")?.text.trimmedXML, !id.isEmpty else { throw S3Error.malformedACL() }
            guard directory.isKnownID(id.lowercased()) else {
                throw S3Error.invalidArgument("Invalid id", name: "CanonicalUser/ID", value: id)
            }
            grantee = .canonicalUser(id.lowercased())
        case "Group":
            guard let uri = granteeNode.child("URI")?.text.trimmedXML, !uri.isEmpty else { throw S3Error.malformedACL() }
            guard ACLGrantee.knownGroups.contains(uri) else {
                throw S3Error.invalidArgument("Invalid group uri", name: "Group/URI", value: uri)
            }
            grantee = .group(uri)
        case "AmazonCustomerByEmail":
            guard let email = granteeNode.child("EmailAddress")?.text.trimmedXML, !email.isEmpty else { throw S3Error.malformedACL() }
            guard let id = directory.idForEmail(email) else { throw S3Error.unresolvableGrantByEmailAddress(email) }
            grantee = .canonicalUser(id)
        default:
            throw S3Error.malformedACL()
        }
        return ACLGrant(grantee, permission)
    }

    /// The AccessControlPolicy document for this ACL.
    public func xml(directory: Directory) -> [UInt8] {
        var xml = XMLWriter()
        xml.declaration()
        xml.open("AccessControlPolicy", namespace: XMLWriter.s3Namespace)
        xml.open("Owner")
        xml.element("ID", owner)
        xml.optional("DisplayName", directory.displayName(owner))
        xml.close("Owner")
        xml.open("AccessControlList")
        for g in grants {
            xml.open("Grant")
            switch g.grantee {
            case .canonicalUser(let id):
                xml.raw(#"<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">"#)
                xml.element("ID", id)
                xml.optional("DisplayName", directory.displayName(id))
            case .group(let uri):
                xml.raw(#"<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group">"#)
                xml.element("URI", uri)
            }
            xml.close("Grantee")
            xml.element("Permission", g.permission.rawValue)
            xml.close("Grant")
        }
        xml.close("AccessControlList")
        xml.close("AccessControlPolicy")
        return xml.bytes
    }
}

extension String {
    /// Without surrounding XML whitespace.
    var trimmedXML: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\n" || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\n" || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
