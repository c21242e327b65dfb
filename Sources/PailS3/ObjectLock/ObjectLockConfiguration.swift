import Foundation

/// A bucket's Object Lock configuration (API reference, PutObjectLockConfiguration):
/// `<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled>
/// <Rule><DefaultRetention><Mode>GOVERNANCE|COMPLIANCE</Mode><Days>n</Days>|<Years>n</Years>
/// </DefaultRetention></Rule></ObjectLockConfiguration>`.
public struct ObjectLockConfiguration: Sendable, Equatable, Codable {
    public var enabled: Bool
    /// GOVERNANCE or COMPLIANCE, when a default retention is set.
    public var defaultMode: String?
    public var defaultDays: Int?
    public var defaultYears: Int?

    public init(enabled: Bool = true, defaultMode: String? = nil, defaultDays: Int? = nil, defaultYears: Int? = nil) {
        self.enabled = enabled; self.defaultMode = defaultMode
        self.defaultDays = defaultDays; self.defaultYears = defaultYears
    }

    public static let modes: Set<String> = ["GOVERNANCE", "COMPLIANCE"]

    /// Parses a PutObjectLockConfiguration body. MalformedXML for a bad document, a mode other than
    /// GOVERNANCE/COMPLIANCE, both or neither of Days and Years, or a Rule without a mode;
    /// InvalidArgument for a period that is not a positive integer.
    public static func parse(_ bytes: [UInt8]) throws -> ObjectLockConfiguration {
        let root = try XMLReader.parse(bytes)
        guard root.name == "ObjectLockConfiguration" else { throw S3Error.malformedXML() }
        var config = ObjectLockConfiguration()
        if let enabled = root.child("ObjectLockEnabled")?.text.trimmingCharacters(in: .whitespaces) {
            guard enabled == "Enabled" else { throw S3Error.malformedXML() }
        }
        guard let rule = root.child("Rule") else { return config }
        guard let retention = rule.child("DefaultRetention"),
              let mode = retention.child("Mode")?.text.trimmingCharacters(in: .whitespaces),
              modes.contains(mode) else { throw S3Error.malformedXML() }
        let days = retention.child("Days")?.text.trimmingCharacters(in: .whitespaces)
        let years = retention.child("Years")?.text.trimmingCharacters(in: .whitespaces)
        guard (days == nil) != (years == nil) else { throw S3Error.malformedXML() }
        guard let period = Int(days ?? years ?? ""), period > 0 else {
            throw S3Error.invalidArgument("Default retention period must be a positive integer value.",
                                          name: days != nil ? "Days" : "Years", value: days ?? years)
        }
        config.defaultMode = mode
        if days != nil { config.defaultDays = period } else { config.defaultYears = period }
        return config
    }

    /// The GetObjectLockConfiguration answer.
    public func xmlBody() -> [UInt8] {
        var xml = XMLWriter()
        xml.declaration()
        xml.open("ObjectLockConfiguration", namespace: "http://s3.amazonaws.com/doc/2006-03-01/")
        if enabled { xml.element("ObjectLockEnabled", "Enabled") }
        if let defaultMode {
            xml.open("Rule")
            xml.open("DefaultRetention")
            xml.element("Mode", defaultMode)
            if let defaultDays { xml.element("Days", String(defaultDays)) }
            if let defaultYears { xml.element("Years", String(defaultYears)) }
            xml.close("DefaultRetention")
            xml.close("Rule")
        }
        xml.close("ObjectLockConfiguration")
        return xml.bytes
    }

    /// The retain-until date the default rule gives a version created at `created`, nil without one.
    public func defaultRetainUntil(from created: Date) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        if let defaultDays { return calendar.date(byAdding: .day, value: defaultDays, to: created) }
        if let defaultYears { return calendar.date(byAdding: .year, value: defaultYears, to: created) }
        return nil
    }
}
