// ThreadSanitizer and Synchronization.Mutex on Linux (Swift 6.3.1): four threads add 10,000 each
// under `Mutex.withLock`; the total is right (40000), yet TSan reports a "Swift access race" on the
// protected value. The same program with NSLock reports nothing. The Synchronization library ships
// uninstrumented, so TSan never sees the lock's acquire/release. See docs/reliability.md, "Races".
//
//   swiftc -sanitize=thread -O tools/tsan-mutex-repro.swift -o /tmp/repro && /tmp/repro
import Synchronization
import Foundation

final class Box: Sendable {
    let m = Mutex<Int>(0)
}
let box = Box()
let group = DispatchGroup()
for _ in 0..<4 {
    DispatchQueue.global().async(group: group) {
        for _ in 0..<10000 { box.m.withLock { $0 += 1 } }
    }
}
group.wait()
print(box.m.withLock { $0 })
