/// One file of the web console, kept in the binary (see `ConsoleSite` for why not a resource bundle).
struct ConsoleAsset {
    var contentType: String
    var text: String

    /// The console's scripts and style sheet by file name, as served under `/_pail/console/`.
    static let files: [String: ConsoleAsset] = [
        "console.css": ConsoleAsset(contentType: "text/css; charset=utf-8", text: ConsoleStyle.css),
        "dom.js": script(ConsoleScript.dom),
        "sigv4.js": script(ConsoleScript.sigv4),
        "s3.js": script(ConsoleScript.s3),
        "app.js": script(ConsoleScript.app),
        "objects.js": script(ConsoleScript.objects),
        "upload.js": script(ConsoleScript.upload),
        "faults.js": script(ConsoleScript.faults),
        "live.js": script(ConsoleScript.live),
    ]

    private static func script(_ text: String) -> ConsoleAsset {
        ConsoleAsset(contentType: "text/javascript; charset=utf-8", text: text)
    }
}

/// Namespace of the console's JavaScript modules, one file each under `Assets/`.
enum ConsoleScript {}
