/// FNV-1a 64-bit over UTF-8: the same value in every process, unlike Swift's per-process seeded `Hasher`.
enum StableHash {
    static func fnv1a64(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h &*= 0x0000_0100_0000_01B3
        }
        return h
    }

    /// The seed of one rule's generator: the injector seed mixed with the rule id, so rules draw
    /// independently and adding a rule does not shift another rule's draws.
    static func ruleSeed(seed: UInt64, ruleID: String) -> UInt64 {
        var mix = SplitMix64(seed: seed ^ fnv1a64(ruleID))
        return mix.next()
    }
}
