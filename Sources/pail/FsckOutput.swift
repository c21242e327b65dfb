import Foundation
import PailStorage

/// How `pail fsck` prints a `StoreCheckReport`: lines for people, or one JSON object for scripts.
enum FsckOutput {
    static func text(_ report: StoreCheckReport, directory: String, deep: Bool) -> String {
        var lines = ["pail fsck \(directory)"]
        let c = report.counts
        lines.append("  index: \(c.currentRows) current rows, \(c.noncurrentRows) noncurrent rows, \(c.parts) parts; files: \(c.files)")
        if deep { lines.append("  deep:  \(c.verified) objects and parts verified, \(c.verifiedBytes) bytes read") }
        for finding in report.findings {
            lines.append("\(finding.isProblem ? "problem" : "pending") \(finding.kind.rawValue): \(finding.subject): \(finding.detail)")
        }
        for action in report.actions { lines.append("repair: \(action)") }
        for finding in report.remaining { lines.append("remains \(finding.kind.rawValue): \(finding.subject): \(finding.detail)") }
        let problems = report.problems.count
        switch report.status {
        case .clean:
            lines.append(report.pending.isEmpty ? "clean" : "clean (\(report.pending.count) pending file(s))")
        case .problemsFound:
            lines.append("\(problems) problem(s) found; nothing changed (run with --repair to fix them)")
        case .repaired:
            lines.append("\(problems) problem(s) found and repaired")
        case .unrepaired, .failed:
            lines.append("\(problems) problem(s) found; \(report.remaining.count) remain after repair")
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ report: StoreCheckReport, directory: String) -> String {
        func finding(_ f: StoreFinding) -> [String: Any] {
            ["kind": f.kind.rawValue, "subject": f.subject, "detail": f.detail, "problem": f.isProblem]
        }
        let c = report.counts
        let object: [String: Any] = [
            "directory": directory,
            "status": report.status.rawValue,
            "clean": report.status == .clean,
            "counts": ["currentRows": c.currentRows, "noncurrentRows": c.noncurrentRows, "parts": c.parts,
                       "files": c.files, "verified": c.verified, "verifiedBytes": c.verifiedBytes],
            "findings": report.findings.map(finding),
            "actions": report.actions,
            "remaining": report.remaining.map(finding),
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
