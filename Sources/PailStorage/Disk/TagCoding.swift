import Foundation

/// Object tags in the index: a JSON array of `{"key":…,"value":…}`, NULL when there are none
/// (most objects), so untagged rows cost nothing to read.
enum TagCoding {
    static func encode(_ tags: [ObjectTag]) -> String? {
        guard !tags.isEmpty, let data = try? JSONEncoder().encode(tags) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ text: String) -> [ObjectTag] {
        (try? JSONDecoder().decode([ObjectTag].self, from: Data(text.utf8))) ?? []
    }
}
