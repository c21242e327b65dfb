/// One S3 tag: a key and a value, both case-sensitive. An empty value is allowed; an empty key is
/// not (see `TagSet.validate(for:)`).
public struct Tag: Sendable, Equatable, Hashable, Codable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}
