/// The CORSConfiguration document: PutBucketCors's body and GetBucketCors's answer.
extension CORSConfiguration {
    /// Parses and validates a PutBucketCors body.
    ///
    /// - `MalformedXML` when the XML does not parse, the root is not `CORSConfiguration`, there are
    ///   no rules or more than 100, a rule holds an unknown or repeated single element, lacks an
    ///   `AllowedOrigin` or an `AllowedMethod`, or `MaxAgeSeconds` is not an integer.
    /// - `InvalidRequest` as S3 words it: "Found unsupported HTTP method in CORS config. Unsupported
    ///   method is PATCH"; `AllowedOrigin "…" can not have more than one wildcard.` (and the same for
    ///   `AllowedHeader`); `ExposeHeader "…" contains wildcard. We currently do not support wildcard
    ///   for ExposeHeader.`
    public static func parse(_ bytes: [UInt8]) throws -> CORSConfiguration {
        let root = try XMLReader.parse(bytes)
        guard root.name == "CORSConfiguration" else { throw S3Error.malformedXML() }
        try root.requireOnly(["CORSRule"])
        guard !root.children.isEmpty, root.children.count <= maxRules else { throw S3Error.malformedXML() }
        return CORSConfiguration(rules: try root.children.map(parseRule))
    }

    static func parseRule(_ node: XMLNode) throws -> CORSRule {
        try node.requireOnly(["ID", "AllowedOrigin", "AllowedMethod", "AllowedHeader", "ExposeHeader", "MaxAgeSeconds"])
        let rule = CORSRule(id: try node.singleText("ID"), allowedOrigins: try texts(node, "AllowedOrigin"),
                            allowedMethods: try texts(node, "AllowedMethod"), allowedHeaders: try texts(node, "AllowedHeader"),
                            exposeHeaders: try texts(node, "ExposeHeader"), maxAgeSeconds: try node.singleInt32("MaxAgeSeconds"))
        guard !rule.allowedOrigins.isEmpty, !rule.allowedMethods.isEmpty else { throw S3Error.malformedXML() }
        for method in rule.allowedMethods where !methods.contains(method) {
            throw S3Error.invalidRequest("Found unsupported HTTP method in CORS config. Unsupported method is \(method)")
        }
        for origin in rule.allowedOrigins where wildcards(origin) > 1 {
            throw S3Error.invalidRequest("AllowedOrigin \"\(origin)\" can not have more than one wildcard.")
        }
        for header in rule.allowedHeaders where wildcards(header) > 1 {
            throw S3Error.invalidRequest("AllowedHeader \"\(header)\" can not have more than one wildcard.")
        }
        for header in rule.exposeHeaders where wildcards(header) > 0 {
            throw S3Error.invalidRequest("ExposeHeader \"\(header)\" contains wildcard. We currently do not support wildcard for ExposeHeader.")
        }
        return rule
    }

    /// The texts of every child named `name`, surrounding whitespace removed; MalformedXML when one
    /// holds elements.
    private static func texts(_ node: XMLNode, _ name: String) throws -> [String] {
        try node.children(name).map { child in
            guard child.children.isEmpty else { throw S3Error.malformedXML() }
            return child.text.trimmingWhitespace()
        }
    }

    private static func wildcards(_ s: String) -> Int { s.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "*") ? 1 : 0) } }

    /// The GetBucketCors answer, the elements of each rule in the order of AWS's `CORSRule` shape.
    public func xmlBody() -> [UInt8] {
        var xml = XMLWriter()
        xml.declaration()
        xml.open("CORSConfiguration", namespace: XMLWriter.s3Namespace)
        for rule in rules {
            xml.open("CORSRule")
            for h in rule.allowedHeaders { xml.element("AllowedHeader", h) }
            for m in rule.allowedMethods { xml.element("AllowedMethod", m) }
            for o in rule.allowedOrigins { xml.element("AllowedOrigin", o) }
            for e in rule.exposeHeaders { xml.element("ExposeHeader", e) }
            xml.optional("ID", rule.id)
            xml.optional("MaxAgeSeconds", rule.maxAgeSeconds.map(String.init))
            xml.close("CORSRule")
        }
        xml.close("CORSConfiguration")
        return xml.bytes
    }
}

extension String {
    /// Without leading and trailing whitespace and newlines.
    fileprivate func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
