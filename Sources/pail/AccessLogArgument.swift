/// `--access-log` was a flag; it now also takes a format, `--access-log json`, while `--access-log`
/// alone still means text. The argument parser has no option with an optional value, so the
/// command line is rewritten before parsing: `--access-log text|json` and `--access-log=FORMAT`
/// become `--access-log --access-log-format FORMAT`. Only the two format words are taken as the
/// value, so `pail serve --access-log /data` keeps `/data` as the data directory.
enum AccessLogArgument {
    static func rewrite(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--" {
                out += arguments[i...]
                break
            }
            if a == "--access-log", i + 1 < arguments.count, ["text", "json"].contains(arguments[i + 1]) {
                out += ["--access-log", "--access-log-format", arguments[i + 1]]
                i += 2
                continue
            }
            if a.hasPrefix("--access-log=") {
                out += ["--access-log", "--access-log-format", String(a.dropFirst("--access-log=".count))]
            } else {
                out.append(a)
            }
            i += 1
        }
        return out
    }
}
