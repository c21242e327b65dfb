import COpenSSL

/// Where keys, salts and nonces come from. `secure` is OpenSSL's CSPRNG; tests inject a
/// deterministic source so that encrypted bytes are reproducible.
public struct RandomSource: Sendable {
    private let generate: @Sendable (Int) -> [UInt8]

    public init(_ generate: @escaping @Sendable (Int) -> [UInt8]) { self.generate = generate }

    /// `count` random bytes.
    public func bytes(_ count: Int) -> [UInt8] { generate(count) }

    /// OpenSSL's `RAND_bytes`. A failure there (an unseeded generator) is fatal: carrying on would
    /// mean predictable keys.
    public static let secure = RandomSource { count in
        var out = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return out }
        let ok = out.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        precondition(ok == 1, "RAND_bytes failed")
        return out
    }
}
