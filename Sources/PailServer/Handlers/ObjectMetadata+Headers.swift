import PailHTTP
import PailS3
import PailStorage

extension ObjectMetadata {
    /// The metadata a PUT, CopyObject (REPLACE) or CreateMultipartUpload carries in its headers.
    /// Throws MetadataTooLarge beyond S3's 2 KB of user metadata.
    static func from(_ headers: HTTPHeaders) throws -> ObjectMetadata {
        var m = ObjectMetadata()
        m.contentType = headers["Content-Type"]
        if let encoding = headers["Content-Encoding"] {
            // aws-chunked is transport framing, not a property of the object (S3 strips it); any
            // other value is returned exactly as sent.
            let tokens = encoding.split(separator: ",").map { $0.trimmedSpaces() }
            if tokens.contains(where: { $0.lowercased() == "aws-chunked" }) {
                let kept = tokens.filter { $0.lowercased() != "aws-chunked" && !$0.isEmpty }
                m.contentEncoding = kept.isEmpty ? nil : kept.joined(separator: ",")
            } else {
                m.contentEncoding = encoding
            }
        }
        m.contentDisposition = headers["Content-Disposition"]
        m.contentLanguage = headers["Content-Language"]
        m.cacheControl = headers["Cache-Control"]
        m.expires = headers["Expires"]
        var total = 0
        for (name, value) in headers.fields where name.count > 11 && name.lowercased().hasPrefix("x-amz-meta-") {
            let key = String(name.lowercased().dropFirst(11))
            let value = RFC2047.decode(value)
            total += key.utf8.count + value.utf8.count
            if let i = m.user.firstIndex(where: { $0.name == key }) {
                m.user[i].value += "," + value
            } else {
                m.user.append(UserMetadataEntry(name: key, value: value))
            }
        }
        if total > 2048 {
            throw S3Error("MetadataTooLarge", 400, "Your metadata headers exceed the maximum allowed metadata size.", details: [("Size", String(total)), ("MaxSizeAllowed", "2048")])
        }
        if let storageClass = headers["x-amz-storage-class"] {
            guard ["STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "DEEP_ARCHIVE", "GLACIER_IR", "EXPRESS_ONEZONE"].contains(storageClass) else {
                throw S3Error.invalidStorageClass()
            }
            m.storageClass = storageClass
        }
        return m
    }

    /// Writes the stored headers onto a GET/HEAD response.
    func apply(to headers: inout HTTPHeaders) {
        headers.add("Content-Type", contentType ?? "binary/octet-stream")
        if let contentEncoding { headers.add("Content-Encoding", contentEncoding) }
        if let contentDisposition { headers.add("Content-Disposition", contentDisposition) }
        if let contentLanguage { headers.add("Content-Language", contentLanguage) }
        if let cacheControl { headers.add("Cache-Control", cacheControl) }
        if let expires { headers.add("Expires", expires) }
        for entry in user { headers.add("x-amz-meta-" + entry.name, RFC2047.encodeIfNeeded(entry.value)) }
        if let storageClass, storageClass != "STANDARD" { headers.add("x-amz-storage-class", storageClass) }
    }
}

extension StringProtocol {
    func trimmedSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
