import Foundation

/// The `<Retention>` document of PutObjectRetention and GetObjectRetention:
/// `<Retention><Mode>GOVERNANCE|COMPLIANCE</Mode><RetainUntilDate>ISO 8601</RetainUntilDate></Retention>`.
/// An empty `<Retention/>` removes retention (allowed only where shortening is).
public struct ObjectRetention: Sendable, Equatable {
    public var mode: String?
    public var retainUntil: Date?

    public init(mode: String?, retainUntil: Date?) { self.mode = mode; self.retainUntil = retainUntil }

    /// MalformedXML for a bad document or mode, or a mode without a date (or a date without a mode).
    public static func parse(_ bytes: [UInt8]) throws -> ObjectRetention {
        let root = try XMLReader.parse(bytes)
        guard root.name == "Retention" else { throw S3Error.malformedXML() }
        let mode = root.child("Mode")?.text.trimmingCharacters(in: .whitespaces)
        let dateText = root.child("RetainUntilDate")?.text.trimmingCharacters(in: .whitespaces)
        if let mode, !ObjectLockConfiguration.modes.contains(mode) { throw S3Error.malformedXML() }
        guard (mode == nil) == (dateText == nil) else { throw S3Error.malformedXML() }
        var date: Date?
        if let dateText {
            guard let parsed = S3Date.parseISO8601(dateText) else {
                throw S3Error.invalidArgument("The retain until date must be provided in ISO 8601 format",
                                              name: "RetainUntilDate", value: dateText)
            }
            date = parsed
        }
        return ObjectRetention(mode: mode, retainUntil: date)
    }

    public func xmlBody() -> [UInt8] {
        var xml = XMLWriter()
        xml.declaration()
        xml.open("Retention", namespace: "http://s3.amazonaws.com/doc/2006-03-01/")
        if let mode { xml.element("Mode", mode) }
        if let retainUntil { xml.element("RetainUntilDate", S3Date.iso8601(retainUntil)) }
        xml.close("Retention")
        return xml.bytes
    }
}

/// The `<LegalHold><Status>ON|OFF</Status></LegalHold>` document.
public enum LegalHoldDocument {
    /// True for ON. MalformedXML for anything but ON or OFF.
    public static func parse(_ bytes: [UInt8]) throws -> Bool {
        let root = try XMLReader.parse(bytes)
        guard root.name == "LegalHold", let status = root.child("Status")?.text.trimmingCharacters(in: .whitespaces),
              status == "ON" || status == "OFF" else { throw S3Error.malformedXML() }
        return status == "ON"
    }

    public static func xmlBody(on: Bool) -> [UInt8] {
        var xml = XMLWriter()
        xml.declaration()
        xml.open("LegalHold", namespace: "http://s3.amazonaws.com/doc/2006-03-01/")
        xml.element("Status", on ? "ON" : "OFF")
        xml.close("LegalHold")
        return xml.bytes
    }
}
