/// The parts of a SigV4 credential `AKID/yyyymmdd/region/service/aws4_request`.
struct SigV4Credential {
    var accessKey: String
    var date: String
    var region: String
    var service: String

    var scope: String { date + "/" + region + "/" + service + "/aws4_request" }

    /// Splits from the right so the access key is everything before the last four parts. Nil when
    /// there are fewer than five non-empty parts, the terminator is not `aws4_request`, or the date is
    /// not eight digits.
    init?(_ s: Substring) {
        // Cut at the last four `/` by scanning UTF-8 bytes (`/` is ASCII, so every cut is a valid
        // index); Character-based `split` was visible in the presigned-GET profile.
        let utf8 = s.utf8
        var cuts: [Substring.Index] = []
        cuts.reserveCapacity(4)
        var i = utf8.endIndex
        while i != utf8.startIndex, cuts.count < 4 {
            i = utf8.index(before: i)
            if utf8[i] == UInt8(ascii: "/") { cuts.append(i) }
        }
        guard cuts.count == 4 else { return nil }
        // cuts[3] < cuts[2] < cuts[1] < cuts[0]: key / date / region / service / terminator
        func after(_ index: Substring.Index) -> Substring.Index { utf8.index(after: index) }
        guard s[after(cuts[0])...] == "aws4_request" else { return nil }
        let date = s[after(cuts[3])..<cuts[2]]
        guard date.utf8.count == 8, date.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        accessKey = String(s[..<cuts[3]])
        self.date = String(date)
        region = String(s[after(cuts[2])..<cuts[1]])
        service = String(s[after(cuts[1])..<cuts[0]])
        guard !accessKey.isEmpty, !region.isEmpty, !service.isEmpty else { return nil }
    }
}
