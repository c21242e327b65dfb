/// Strict reading of S3 configuration bodies (tagging, versioning, lifecycle).
///
/// S3 validates these documents against its published schema and answers `MalformedXML` for an
/// unknown element, a repeated single element or a value of the wrong type
/// (docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html, `MalformedXML`). These helpers
/// throw exactly that, so each model's parser reads as a list of the elements it allows.
extension XMLNode {
    /// Throws `MalformedXML` when a child element is not named in `allowed`, or when the element
    /// holds text other than whitespace beside its children (a container, not a value).
    func requireOnly(_ allowed: Set<String>) throws {
        for child in children where !allowed.contains(child.name) { throw S3Error.malformedXML() }
        if !text.allSatisfy(\.isWhitespace) { throw S3Error.malformedXML() }
    }

    /// The only child named `name`, or nil when there is none. Throws `MalformedXML` when the
    /// element appears more than once.
    func single(_ name: String) throws -> XMLNode? {
        var found: XMLNode?
        for child in children where child.name == name {
            if found != nil { throw S3Error.malformedXML() }
            found = child
        }
        return found
    }

    /// The text of the only child named `name`, exactly as sent (keys, prefixes and IDs keep their
    /// spaces); nil when absent. Throws `MalformedXML` when repeated or when it holds elements.
    func singleText(_ name: String) throws -> String? {
        guard let node = try single(name) else { return nil }
        guard node.children.isEmpty else { throw S3Error.malformedXML() }
        return node.text
    }

    /// The text of the only child named `name` with surrounding whitespace removed, as XML Schema
    /// collapses it for enumerations, booleans and numbers; nil when absent.
    func singleToken(_ name: String) throws -> String? {
        try singleText(name).map(XMLNode.trimmed)
    }

    /// The only child named `name` as an `xsd:int` (S3's `Days`, `NoncurrentDays`, ...): nil when
    /// absent; `MalformedXML` when it is not a decimal integer that fits in 32 bits.
    func singleInt32(_ name: String) throws -> Int? {
        guard let token = try singleToken(name) else { return nil }
        guard let value = Int32(token) else { throw S3Error.malformedXML() }
        return Int(value)
    }

    /// The only child named `name` as an `xsd:long` (object sizes); nil when absent.
    func singleInt64(_ name: String) throws -> Int64? {
        guard let token = try singleToken(name) else { return nil }
        guard let value = Int64(token) else { throw S3Error.malformedXML() }
        return value
    }

    /// The only child named `name` as an `xsd:boolean` written `true` or `false` (what every AWS
    /// SDK sends); nil when absent; `MalformedXML` for anything else.
    func singleBool(_ name: String) throws -> Bool? {
        guard let token = try singleToken(name) else { return nil }
        switch token {
        case "true": return true
        case "false": return false
        default: throw S3Error.malformedXML()
        }
    }

    /// `s` without leading and trailing whitespace and newlines.
    private static func trimmed(_ s: String) -> String {
        guard let first = s.firstIndex(where: { !$0.isWhitespace }), let last = s.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(s[first...last])
    }
}
