#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One scratch file per fuzzing process, for the readers that only take a path.
///
/// It lives in /dev/shm when there is one (no disk writes at thousands of inputs a second).
let scratchPath: String = {
    var info = stat()
    let dir = stat("/dev/shm", &info) == 0 ? "/dev/shm" : "/tmp"
    return "\(dir)/airtrend-fuzz-\(getpid())"
}()

/// Replaces the scratch file's contents with `bytes` and returns its path.
func writeScratch(_ bytes: UnsafeBufferPointer<UInt8>, suffix: String = "") -> String {
    let path = scratchPath + suffix
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    invariant(fd >= 0, "cannot create the scratch file \(path)")
    var written = 0
    while written < bytes.count {
        let n = write(fd, bytes.baseAddress! + written, bytes.count - written)
        invariant(n > 0, "cannot write the scratch file \(path)")
        written += n
    }
    close(fd)
    return path
}

/// A path under the repository (the script runs harnesses from its root; FUZZ_ROOT overrides).
func repositoryPath(_ relative: String) -> String {
    if let root = getenv("FUZZ_ROOT") { return String(cString: root) + "/" + relative }
    return relative
}
