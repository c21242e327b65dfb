/// A header a request must carry: name compared ASCII case-insensitively, value compared exactly.
///
/// JSON: `{"name": "x-amz-storage-class", "value": "GLACIER"}`.
public struct FaultHeaderMatch: Codable, Sendable, Equatable {
    /// The header name, any case.
    public var name: String
    /// The exact value (case-sensitive). With repeated headers, any one equal value matches.
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
