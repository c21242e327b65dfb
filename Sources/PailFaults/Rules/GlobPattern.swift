/// Whole-string glob matching for object keys.
///
/// `*` matches any run of characters including `/` (keys have no directories), `?` matches exactly one
/// character; every other character matches itself. There is no escape: a key containing a literal `*`
/// is matched by `*` or `?` at that place. Characters are Unicode scalars, so `?` matches one `é` as
/// sent in NFC.
enum GlobPattern {
    /// True when `text` matches `pattern` from start to end.
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.unicodeScalars), t = Array(text.unicodeScalars)
        var pi = 0, ti = 0
        var starP = -1, starT = 0
        // Greedy with backtracking to the last `*`: linear-ish, no recursion, no pathological blow-up.
        while ti < t.count {
            if pi < p.count, p[pi] == "?" || p[pi] == t[ti], p[pi] != "*" {
                pi += 1; ti += 1
            } else if pi < p.count, p[pi] == "*" {
                starP = pi; starT = ti; pi += 1
            } else if starP >= 0 {
                starT += 1; ti = starT; pi = starP + 1
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
