/// Why `StoreChecker.run()` could not check a directory at all (`StoreCheckStatus.failed`).
public struct StoreCheckError: Error, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
