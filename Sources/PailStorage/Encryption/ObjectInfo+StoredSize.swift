extension ObjectInfo {
    /// The bytes its segments (or inline row) hold: its size, or for an encrypted object the stored
    /// length of its blocks (see `ChunkLayout`), which is longer.
    public var storedSize: Int64 {
        guard let encryption = metadata.encryption else { return size }
        return (partSizes.isEmpty ? [size] : partSizes).reduce(0) { $0 + encryption.storedLength(plaintext: $1) }
    }
}
