/// A coding key for any string, used to read tagged objects and to reject unknown keys.
struct JSONKey: CodingKey, Hashable {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

extension KeyedDecodingContainer where K == JSONKey {
    /// Throws a clear error naming the first key not in `allowed`: a misspelt field must not silently
    /// widen a rule to match everything.
    func rejectUnknownKeys(allowed: Set<String>, in what: String) throws {
        for key in allKeys where !allowed.contains(key.stringValue) {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self,
                debugDescription: "unknown field \"\(key.stringValue)\" in \(what); expected one of: \(allowed.sorted().joined(separator: ", "))")
        }
    }

    func value<T: Decodable>(_ type: T.Type, _ key: String) throws -> T? {
        try decodeIfPresent(T.self, forKey: JSONKey(key))
    }

    func fail(_ key: String, _ message: String) -> DecodingError {
        DecodingError.dataCorruptedError(forKey: JSONKey(key), in: self, debugDescription: message)
    }
}
