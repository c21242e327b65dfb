import Foundation
import PailS3

/// ObjectMetadata as stored in the index: NULL for the empty metadata, otherwise a compact
/// length-prefixed text (`m1;` then fields `<tag><byte length>:<value>`).
///
/// Why not JSON: the index is read once per GET, HEAD and listed key, and a JSONDecoder per row was
/// half the CPU of a listing (perf, BENCHMARKS.md). Length prefixes make any value safe, including
/// `:` and newlines in user metadata. Rows written as JSON by earlier versions (they start with `{`)
/// still decode; unknown tags are skipped so a newer writer's rows stay readable.
enum MetadataCoding {
    /// Starts every compact value; `decode(bytes:)` checks it byte by byte.
    private static let marker = "m1;"

    private enum Tag: UInt8 {
        case contentType = 84 /* T */, contentEncoding = 69 /* E */, contentDisposition = 68 /* D */
        case contentLanguage = 76 /* L */, cacheControl = 67 /* C */, expires = 88 /* X */
        case userName = 85 /* U */, userValue = 86 /* V */
        case checksumName = 75 /* K */, checksumValue = 87 /* W */
        case checksumType = 89 /* Y */, storageClass = 83 /* S */
        case lock = 79 /* O */
        case encryption = 90 /* Z */
        case acl = 65 /* A */
    }

    static func encode(_ metadata: ObjectMetadata) throws -> String? {
        if metadata == ObjectMetadata() { return nil }
        var out = marker
        func field(_ tag: Tag, _ value: String?) {
            guard let value else { return }
            out.unicodeScalars.append(Unicode.Scalar(tag.rawValue))
            out += String(value.utf8.count)
            out += ":"
            out += value
        }
        field(.contentType, metadata.contentType)
        field(.contentEncoding, metadata.contentEncoding)
        field(.contentDisposition, metadata.contentDisposition)
        field(.contentLanguage, metadata.contentLanguage)
        field(.cacheControl, metadata.cacheControl)
        field(.expires, metadata.expires)
        for entry in metadata.user {
            field(.userName, entry.name)
            field(.userValue, entry.value)
        }
        for (name, value) in metadata.checksums.sorted(by: { $0.key < $1.key }) {
            field(.checksumName, name)
            field(.checksumValue, value)
        }
        field(.checksumType, metadata.checksumType)
        field(.storageClass, metadata.storageClass)
        if let lock = metadata.lock {
            // mode;retain-until in ms;legal hold: `GOVERNANCE;1893456000000;0`, `;;1`.
            let until = lock.retainUntil.map { String(IndexSchema.milliseconds($0)) } ?? ""
            field(.lock, "\(lock.mode?.rawValue ?? "");\(until);\(lock.legalHold ? 1 : 0)")
        }
        field(.encryption, metadata.encryption?.compact)
        // The ACL as JSON (`{"owner":…,"grants":[…]}`); rare, so its coding cost does not matter.
        if let acl = metadata.acl { field(.acl, String(decoding: try JSONEncoder().encode(acl), as: UTF8.self)) }
        return out
    }

    static func decode(_ text: String?) -> ObjectMetadata {
        guard var text else { return ObjectMetadata() }
        return text.withUTF8(decode(stored:))
    }

    /// Decodes a stored value, either form, from its bytes (an index column read in place).
    static func decode(stored bytes: UnsafeBufferPointer<UInt8>) -> ObjectMetadata {
        if bytes.first == UInt8(ascii: "{") {
            return (try? JSONDecoder().decode(ObjectMetadata.self, from: Data(bytes))) ?? ObjectMetadata()
        }
        return decode(bytes: bytes)
    }

    /// Decodes the compact form; a malformed tail is ignored (what was read so far is kept).
    static func decode(bytes: UnsafeBufferPointer<UInt8>) -> ObjectMetadata {
        var metadata = ObjectMetadata()
        // Byte by byte: a generic elementsEqual against `marker.utf8` showed up in listing profiles.
        guard bytes.count >= 3, bytes[0] == UInt8(ascii: "m"), bytes[1] == UInt8(ascii: "1"),
              bytes[2] == UInt8(ascii: ";") else { return metadata }
        var i = 3
        var pendingUser: String?
        var pendingChecksum: String?
        while i < bytes.count {
            let tag = bytes[i]
            i += 1
            var length = 0
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
                length = length * 10 + Int(bytes[i] - 48)
                i += 1
            }
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":"), i + 1 + length <= bytes.count else { break }
            let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[(i + 1)..<(i + 1 + length)]), as: UTF8.self)
            i += 1 + length
            switch Tag(rawValue: tag) {
            case .contentType: metadata.contentType = value
            case .contentEncoding: metadata.contentEncoding = value
            case .contentDisposition: metadata.contentDisposition = value
            case .contentLanguage: metadata.contentLanguage = value
            case .cacheControl: metadata.cacheControl = value
            case .expires: metadata.expires = value
            case .userName: pendingUser = value
            case .userValue:
                if let name = pendingUser { metadata.user.append(UserMetadataEntry(name: name, value: value)) }
                pendingUser = nil
            case .checksumName: pendingChecksum = value
            case .checksumValue:
                if let name = pendingChecksum { metadata.checksums[name] = value }
                pendingChecksum = nil
            case .checksumType: metadata.checksumType = value
            case .storageClass: metadata.storageClass = value
            case .lock:
                let parts = value.split(separator: ";", omittingEmptySubsequences: false)
                guard parts.count == 3 else { continue }
                metadata.lock = ObjectLockState(mode: ObjectLockState.Mode(rawValue: String(parts[0])),
                                                retainUntil: Int64(parts[1]).map(IndexSchema.date),
                                                legalHold: parts[2] == "1")
            case .encryption: metadata.encryption = ObjectEncryption(compact: value)
            case .acl: metadata.acl = try? JSONDecoder().decode(AccessControlList.self, from: Data(value.utf8))
            case nil: continue
            }
        }
        return metadata
    }
}
