import Foundation

/// ObjectMetadata as stored in the index: JSON, or NULL for the empty metadata most objects carry,
/// which saves a JSON decode per listed key.
enum MetadataCoding {
    static func encode(_ metadata: ObjectMetadata) throws -> String? {
        if metadata == ObjectMetadata() { return nil }
        let data = try JSONEncoder().encode(metadata)
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ text: String?) -> ObjectMetadata {
        guard let text, let metadata = try? JSONDecoder().decode(ObjectMetadata.self, from: Data(text.utf8))
        else { return ObjectMetadata() }
        return metadata
    }
}
