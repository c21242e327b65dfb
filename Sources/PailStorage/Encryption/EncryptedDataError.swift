/// Stored bytes of an encrypted object that do not decrypt, or are not laid out as its record says:
/// tampering, corruption or a wrong key. The bytes are never served.
public struct EncryptedDataError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
