import Foundation

/// Checks the data directory before the server opens it, so that a path that cannot work is refused
/// in one line (`--data /x: is a file, not a directory`) instead of a storage error.
public enum DataDirectoryCheck {
    /// Throws `ConfigurationError` starting with `origin` (how the user gave the path: `--data`,
    /// `PAIL_DATA`, `pail.json: $.data`) when `path` is a file, is a directory the server cannot
    /// write, or does not exist and cannot be created under its nearest existing ancestor.
    public static func check(_ path: String, origin: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ConfigurationError("\(origin) \(path): is a file, not a directory") }
            guard access(path, W_OK | X_OK) == 0 else {
                throw ConfigurationError("\(origin) \(path): not writable (\(String(cString: strerror(errno))))")
            }
            return
        }
        var ancestor = URL(fileURLWithPath: path).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDirectory), ancestor.path != "/" {
            ancestor.deleteLastPathComponent()
        }
        guard isDirectory.boolValue else {
            throw ConfigurationError("\(origin) \(path): cannot be created, \(ancestor.path) is a file, not a directory")
        }
        guard access(ancestor.path, W_OK | X_OK) == 0 else {
            throw ConfigurationError("\(origin) \(path): cannot be created, \(ancestor.path) is not writable (\(String(cString: strerror(errno))))")
        }
    }
}
