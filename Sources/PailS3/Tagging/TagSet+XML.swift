/// The `Tagging` document of PutObjectTagging, PutBucketTagging, GetObjectTagging and
/// GetBucketTagging (docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectTagging.html):
/// `<Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag>…</TagSet></Tagging>`.
extension TagSet {
    /// Parses a `Tagging` body. Throws `MalformedXML` when the XML does not parse, the root is not
    /// `Tagging`, `TagSet` is missing or repeated, or a `Tag` lacks its `Key` or `Value` (both are
    /// required by the schema; `<Value/>` is an empty value) or holds any other element. Keys and
    /// values are kept exactly as sent, spaces included. Limits are not checked here: call
    /// `validate(for:)`.
    public static func parseXML(_ bytes: [UInt8]) throws -> TagSet {
        let root = try XMLReader.parse(bytes)
        guard root.name == "Tagging" else { throw S3Error.malformedXML() }
        try root.requireOnly(["TagSet"])
        guard let set = try root.single("TagSet") else { throw S3Error.malformedXML() }
        try set.requireOnly(["Tag"])
        return TagSet(try parseTags(set))
    }

    /// The `Tag` elements of `container` (a `TagSet`, or a lifecycle filter's `And`), each with
    /// exactly one `Key` and one `Value`. Other child elements are the caller's to allow or refuse.
    static func parseTags(_ container: XMLNode) throws -> [Tag] {
        try container.children("Tag").map(parseTag)
    }

    /// One `<Tag><Key/><Value/></Tag>`.
    static func parseTag(_ node: XMLNode) throws -> Tag {
        try node.requireOnly(["Key", "Value"])
        guard let key = try node.singleText("Key"), let value = try node.singleText("Value") else {
            throw S3Error.malformedXML()
        }
        return Tag(key: key, value: value)
    }

    /// The GetObjectTagging / GetBucketTagging answer: the declaration, then
    /// `<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet>…</TagSet></Tagging>`,
    /// tags in order. An empty set writes `<TagSet></TagSet>` (GetObjectTagging on an untagged
    /// object); GetBucketTagging answers `NoSuchTagSet` instead, which is the caller's choice.
    public func xmlBody() -> [UInt8] {
        var xml = XMLWriter()
        xml.declaration()
        xml.open("Tagging", namespace: XMLWriter.s3Namespace)
        xml.open("TagSet")
        for tag in tags { TagSet.write(tag, to: &xml) }
        xml.close("TagSet")
        xml.close("Tagging")
        return xml.bytes
    }

    /// `<Tag><Key>…</Key><Value>…</Value></Tag>`.
    static func write(_ tag: Tag, to xml: inout XMLWriter) {
        xml.open("Tag")
        xml.element("Key", tag.key)
        xml.element("Value", tag.value)
        xml.close("Tag")
    }
}
