/// S3 bucket naming rules for general purpose buckets
/// (docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
public enum BucketName {
    /// True when `name` may be created: 3–63 characters of `a-z0-9.-`, starting and ending with a
    /// letter or digit, no `..`, not an IPv4 address, none of the reserved prefixes and suffixes.
    public static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard bytes.count >= 3, bytes.count <= 63 else { return false }
        func alnum(_ b: UInt8) -> Bool { (b >= 97 && b <= 122) || (b >= 48 && b <= 57) }
        guard alnum(bytes.first!), alnum(bytes.last!) else { return false }
        for b in bytes where !(alnum(b) || b == 46 || b == 45) { return false }
        if name.contains("..") || name.contains(".-") || name.contains("-.") { return false }
        for prefix in ["xn--", "sthree-", "amzn-s3-demo-"] where name.hasPrefix(prefix) { return false }
        for suffix in ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] where name.hasSuffix(suffix) { return false }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 4, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) && Int($0)! <= 255 }) { return false }
        return true
    }
}
