import Foundation
import Testing
@testable import PailS3

@Suite struct VersioningConfigurationTests {
    static func parse(_ body: String, mfa: Bool = false) throws -> VersioningConfiguration {
        try VersioningConfiguration.parse(Array(body.utf8), hasMFAHeader: mfa)
    }

    static func error(_ body: String, mfa: Bool = false) -> S3Error? {
        do { _ = try parse(body, mfa: mfa); return nil } catch let e as S3Error { return e } catch { return nil }
    }

    static func xml(_ c: VersioningConfiguration) -> String { String(decoding: c.xmlBody(), as: UTF8.self) }

    @Test func parse_enabledAndSuspended() throws {
        let enabled = try Self.parse(#"<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status></VersioningConfiguration>"#)
        #expect(enabled == VersioningConfiguration(status: .enabled))
        let suspended = try Self.parse("<VersioningConfiguration>\n  <Status> Suspended </Status>\n</VersioningConfiguration>")
        #expect(suspended == VersioningConfiguration(status: .suspended))
    }

    @Test func parse_mfaDeleteDisabled_isAccepted() throws {
        let c = try Self.parse("<VersioningConfiguration><Status>Enabled</Status><MfaDelete>Disabled</MfaDelete></VersioningConfiguration>")
        #expect(c == VersioningConfiguration(status: .enabled, mfaDelete: .disabled))
    }

    @Test func parse_missingOrEmptyStatus_isIllegalVersioningConfiguration() {
        for body in ["<VersioningConfiguration/>", "<VersioningConfiguration><Status></Status></VersioningConfiguration>",
                     "<VersioningConfiguration><MfaDelete>Disabled</MfaDelete></VersioningConfiguration>"] {
            let e = Self.error(body)
            #expect(e?.code == "IllegalVersioningConfigurationException", "\(body)")
            #expect(e?.status == 400)
            #expect(e?.message == "The Versioning element must be specified")
        }
    }

    @Test func parse_otherValuesOrShapes_areMalformedXML() {
        let bodies = [
            "<VersioningConfiguration><Status>enabled</Status></VersioningConfiguration>",
            "<VersioningConfiguration><Status>Disabled</Status></VersioningConfiguration>",
            "<VersioningConfiguration><Status>Off</Status></VersioningConfiguration>",
            "<VersioningConfiguration><Status>Enabled</Status><MfaDelete>On</MfaDelete></VersioningConfiguration>",
            "<VersioningConfiguration><Status>Enabled</Status><Status>Enabled</Status></VersioningConfiguration>",
            "<VersioningConfiguration><Status>Enabled</Status><Other/></VersioningConfiguration>",
            "<Versioning><Status>Enabled</Status></Versioning>",
            "<VersioningConfiguration><Status>Enabled</Status>",
        ]
        for body in bodies { #expect(Self.error(body)?.code == "MalformedXML", "\(body)") }
    }

    @Test func parse_mfaDeleteEnabled_withoutHeader_isAccessDenied_withHeader_isNotImplemented() {
        let body = "<VersioningConfiguration><Status>Enabled</Status><MfaDelete>Enabled</MfaDelete></VersioningConfiguration>"
        let without = Self.error(body)
        #expect(without?.code == "AccessDenied" && without?.status == 403)
        #expect(without?.message == "Mfa Authentication must be used for this request")
        let with = Self.error(body, mfa: true)
        #expect(with?.code == "NotImplemented" && with?.status == 501)
    }

    @Test func xmlBody_neverEnabled_isEmptyElement() {
        #expect(Self.xml(VersioningConfiguration()) == #"<?xml version="1.0" encoding="UTF-8"?><VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>"#)
    }

    @Test func xmlBody_enabledSuspendedAndMfa() {
        #expect(Self.xml(VersioningConfiguration(status: .enabled)) == #"<?xml version="1.0" encoding="UTF-8"?><VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status></VersioningConfiguration>"#)
        #expect(Self.xml(VersioningConfiguration(status: .suspended)).hasSuffix("><Status>Suspended</Status></VersioningConfiguration>"))
        #expect(Self.xml(VersioningConfiguration(status: .suspended, mfaDelete: .disabled)).hasSuffix("><Status>Suspended</Status><MfaDelete>Disabled</MfaDelete></VersioningConfiguration>"))
    }

    @Test func xmlBody_roundTripsThroughParse() throws {
        for c in [VersioningConfiguration(status: .enabled), VersioningConfiguration(status: .suspended, mfaDelete: .disabled)] {
            #expect(try VersioningConfiguration.parse(c.xmlBody()) == c)
        }
        // A never-versioned answer is not a valid request: a PUT must name a status.
        #expect(throws: S3Error.self) { try VersioningConfiguration.parse(VersioningConfiguration().xmlBody()) }
    }

    @Test func applying_keepsMfaDeleteUnlessNamed() {
        let stored = VersioningConfiguration(status: .enabled, mfaDelete: .disabled)
        #expect(stored.applying(VersioningConfiguration(status: .suspended)) == VersioningConfiguration(status: .suspended, mfaDelete: .disabled))
        #expect(VersioningConfiguration().applying(VersioningConfiguration(status: .enabled)) == VersioningConfiguration(status: .enabled))
    }

    @Test func codable_roundTrips() throws {
        let c = VersioningConfiguration(status: .suspended, mfaDelete: .disabled)
        let json = try JSONEncoder().encode(c)
        #expect(String(decoding: json, as: UTF8.self).contains("\"Suspended\""))
        #expect(try JSONDecoder().decode(VersioningConfiguration.self, from: json) == c)
        #expect(try JSONDecoder().decode(VersioningConfiguration.self, from: JSONEncoder().encode(VersioningConfiguration())) == VersioningConfiguration())
    }
}
