import Foundation

/// The parts of a SigV4 credential `AKID/yyyymmdd/region/service/aws4_request`.
struct SigV4Credential {
    var accessKey: String
    var date: String
    var region: String
    var service: String
    /// `date/region/service/aws4_request`: the credential after the access key, taken as one slice
    /// rather than joined again from its parts.
    var scope: String

    /// Splits from the right so the access key is everything before the last four parts. Nil when
    /// there are fewer than five non-empty parts, the terminator is not `aws4_request`, or the date is
    /// not eight digits.
    init?(_ s: Substring) {
        // Cut at the last four `/` in the UTF-8 bytes (`/` is ASCII, so every part is valid UTF-8):
        // Character-based `split` and Substring index walking were visible in the presigned-GET profile.
        var s = s
        guard let parts = s.withUTF8({ Self.parts($0) }) else { return nil }
        (accessKey, date, region, service, scope) = parts
    }

    private static func parts(_ bytes: UnsafeBufferPointer<UInt8>) -> (String, String, String, String, String)? {
        var cuts = (0, 0, 0, 0)  // key / date / region / service / terminator: cuts.0 < ... < cuts.3
        var found = 0, i = bytes.count
        while i > 0, found < 4 {
            i -= 1
            guard bytes[i] == UInt8(ascii: "/") else { continue }
            switch found {
            case 0: cuts.3 = i
            case 1: cuts.2 = i
            case 2: cuts.1 = i
            default: cuts.0 = i
            }
            found += 1
        }
        guard found == 4 else { return nil }
        func string(_ lo: Int, _ hi: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[lo..<hi]), as: UTF8.self) }
        let terminator = UnsafeBufferPointer(rebasing: bytes[(cuts.3 + 1)...])
        guard terminator.count == 12, memcmp(terminator.baseAddress!, "aws4_request", 12) == 0 else { return nil }
        let date = UnsafeBufferPointer(rebasing: bytes[(cuts.0 + 1)..<cuts.1])
        guard date.count == 8, date.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        // Non-empty access key, region and service.
        guard cuts.0 > 0, cuts.2 > cuts.1 + 1, cuts.3 > cuts.2 + 1 else { return nil }
        return (string(0, cuts.0), string(cuts.0 + 1, cuts.1), string(cuts.1 + 1, cuts.2), string(cuts.2 + 1, cuts.3),
                string(cuts.0 + 1, bytes.count))
    }
}
