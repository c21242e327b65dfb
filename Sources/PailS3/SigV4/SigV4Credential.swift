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
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 5, parts[parts.count - 1] == "aws4_request" else { return nil }
        let date = parts[parts.count - 4]
        guard date.utf8.count == 8, date.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        accessKey = parts[..<(parts.count - 4)].joined(separator: "/")
        self.date = String(date)
        region = String(parts[parts.count - 3])
        service = String(parts[parts.count - 2])
        guard !accessKey.isEmpty, !region.isEmpty, !service.isEmpty else { return nil }
    }
}
