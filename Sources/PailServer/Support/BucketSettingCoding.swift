import Foundation
import PailS3

/// Bucket settings are stored as JSON of their wire model, so a stored setting renders back
/// exactly as it was accepted.
enum BucketSettingCoding {
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        Array(try JSONEncoder().encode(value))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws -> T {
        try JSONDecoder().decode(type, from: Data(bytes))
    }
}
