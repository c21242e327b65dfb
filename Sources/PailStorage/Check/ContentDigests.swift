import PailS3

/// What an object's bytes must hash to, computed in one pass: the ETag and the stored checksums.
///
/// - ETag `<32 hex>`: the MD5 of the bytes (single PUT, or a copy of one).
/// - ETag `<32 hex>-N` with N part sizes recorded: the MD5 of the N part MD5s, as S3 computes
///   multipart ETags (and as Pail's CompleteMultipartUpload does).
/// - A checksum `value`: the CRC/SHA of the bytes (FULL_OBJECT); `value-N` with N part sizes: the
///   checksum of the N part checksums (COMPOSITE), as the S3 User Guide's "Checking object
///   integrity" page describes for multipart uploads.
///
/// Any other ETag (or a checksum whose part count differs from the recorded part sizes) is not
/// checked: only a proven mismatch is a finding, never an unfamiliar form.
final class ContentDigests {
    private var wholeMD5: Digest?
    private let expectedMD5: String?
    private var partMD5: Digest?
    private var partMD5s: [UInt8] = []
    private let expectedPartETag: String?
    private var whole: [(ChecksumAlgorithm, Checksum, String)] = []
    private var composite: [(ChecksumAlgorithm, String)] = []
    private var partChecksums: [Checksum] = []
    private var partChecksumBytes: [[UInt8]] = []
    /// Where each part ends (exclusive), when parts are hashed; empty otherwise.
    private let partEnds: [Int64]
    private var nextPart = 0
    private var offset: Int64 = 0

    /// Nil when nothing about these bytes can be verified.
    init?(etag: String, checksums: [String: String], partSizes: [Int64], size: Int64) {
        let partsUsable = !partSizes.isEmpty && partSizes.reduce(0, +) == size
        var ends: [Int64] = []
        if partsUsable {
            var end: Int64 = 0
            for s in partSizes { end += s; ends.append(end) }
        }
        if Self.isHexMD5(etag) {
            expectedMD5 = etag
            wholeMD5 = Digest(.md5)
        } else {
            expectedMD5 = nil
        }
        if let dash = etag.firstIndex(of: "-"), Self.isHexMD5(String(etag[..<dash])),
           Int(etag[etag.index(after: dash)...]) == partSizes.count, partsUsable {
            expectedPartETag = etag
            partMD5 = Digest(.md5)
        } else {
            expectedPartETag = nil
        }
        for (name, value) in checksums.sorted(by: { $0.key < $1.key }) {
            guard let alg = ChecksumAlgorithm(rawValue: name) else { continue }
            if let dash = value.firstIndex(of: "-") {
                guard Int(value[value.index(after: dash)...]) == partSizes.count, partsUsable else { continue }
                composite.append((alg, value))
                partChecksums.append(Checksum(alg))
                partChecksumBytes.append([])
            } else {
                whole.append((alg, Checksum(alg), value))
            }
        }
        partEnds = (partMD5 != nil || !composite.isEmpty) ? ends : []
        if wholeMD5 == nil && partMD5 == nil && whole.isEmpty && composite.isEmpty { return nil }
    }

    /// Feeds the next bytes of the object, in order.
    func update(_ bytes: UnsafeRawBufferPointer) {
        wholeMD5?.update(bytes)
        for (_, checksum, _) in whole { checksum.update(bytes) }
        guard !partEnds.isEmpty else { offset += Int64(bytes.count); return }
        var rest = bytes
        while !rest.isEmpty {
            finishEmptyParts()
            let end = nextPart < partEnds.count ? partEnds[nextPart] : Int64.max
            let take = Int(min(Int64(rest.count), end - offset))
            let piece = UnsafeRawBufferPointer(rebasing: rest[..<take])
            partMD5?.update(piece)
            for c in partChecksums { c.update(piece) }
            offset += Int64(take)
            rest = UnsafeRawBufferPointer(rebasing: rest[take...])
            if offset == end { finishPart() }
        }
    }

    /// Closes the parts that end where we are (an empty part ends where it starts).
    private func finishEmptyParts() {
        while nextPart < partEnds.count && partEnds[nextPart] == offset { finishPart() }
    }

    private func finishPart() {
        if let md5 = partMD5 {
            partMD5s += md5.finalize()
            md5.reset()
        }
        for (i, (alg, _)) in composite.enumerated() {
            partChecksumBytes[i] += partChecksums[i].finalize()
            partChecksums[i] = Checksum(alg)
        }
        nextPart += 1
    }

    /// Descriptions of every expectation the bytes failed; empty when all hold.
    func mismatches() -> [String] {
        finishEmptyParts()
        var out: [String] = []
        if let md5 = wholeMD5, let expected = expectedMD5 {
            let actual = md5.finalize().hex
            if actual != expected { out.append("MD5 is \(actual), ETag says \(expected)") }
        }
        if let expected = expectedPartETag {
            let actual = PailS3.md5(partMD5s).hex + "-\(partEnds.count)"
            if actual != expected { out.append("multipart ETag from the bytes is \(actual), the row says \(expected)") }
        }
        for (alg, checksum, expected) in whole {
            let actual = checksum.finalize().base64
            if actual != expected { out.append("\(alg.name) is \(actual), stored \(expected)") }
        }
        for (i, (alg, expected)) in composite.enumerated() {
            let actual = Checksum.compute(alg, partChecksumBytes[i]).base64 + "-\(partEnds.count)"
            if actual != expected { out.append("composite \(alg.name) is \(actual), stored \(expected)") }
        }
        return out
    }

    static func isHexMD5(_ s: String) -> Bool {
        s.utf8.count == 32 && s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }
}
