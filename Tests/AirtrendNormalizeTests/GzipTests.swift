import AirtrendDomain
import AirtrendNormalize
import Foundation
import Testing

@Suite struct GzipTests {
    private static let plain = "cnemc/china_sites_20190101_excerpt.csv"

    private func lines(_ path: String, bufferSize: Int = 1 << 20, inputBufferSize: Int = 1 << 16) throws(LayoutError) -> [String] {
        var reader = LineReader(source: try FileByteSource(path: path, inputBufferSize: inputBufferSize), bufferSize: bufferSize)
        var lines: [String] = []
        _ = try reader.forEachLine { line, _ throws(LayoutError) in lines.append(String(decoding: line, as: UTF8.self)) }
        return lines
    }

    private func writeTemporary(_ data: Data, name: String = "input.csv.gz") throws -> String {
        let path = try temporaryFile("", name: name)
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(arguments: [(1 << 20, 1 << 16), (64, 7), (16, 2), (100_000, 1)])
    func gzip_readsTheSameLinesAsPlain(bufferSize: Int, inputBufferSize: Int) throws {
        let expected = try lines(fixture(Self.plain))
        #expect(expected.count == 361)
        #expect(try lines(fixture(Self.plain + ".gz"), bufferSize: bufferSize, inputBufferSize: inputBufferSize) == expected)
        // Plain files ignore the input buffer size: their bytes go straight to the caller.
        #expect(try lines(fixture(Self.plain), bufferSize: bufferSize, inputBufferSize: inputBufferSize) == expected)
    }

    @Test(arguments: [1 << 16, 13, 1])
    func concatenatedMembers_readAsOneStream(inputBufferSize: Int) throws {
        let expected = try lines(fixture(Self.plain))
        let path = fixture("cnemc/china_sites_20190101_excerpt_2members.csv.gz")
        #expect(try lines(path, bufferSize: 64, inputBufferSize: inputBufferSize) == expected)
    }

    @Test func truncatedGzip_isABadFileNamingIt() throws {
        let whole = try Data(contentsOf: URL(fileURLWithPath: fixture(Self.plain + ".gz")))
        // Cut inside the header, inside the deflate data, and inside the 8-byte trailer
        // (all data inflated, the CRC and length missing).
        for keep in [5, whole.count / 2, whole.count - 4, whole.count - 1] {
            let path = try writeTemporary(whole.prefix(keep))
            do {
                _ = try lines(path)
                Issue.record("expected an error keeping \(keep) of \(whole.count) bytes")
            } catch {
                // Damage before any complete line is a bad file; after some, the lines before it stand (issue 10).
                #expect(error.kind == (keep == 5 ? .badFile : .truncated), "\(keep): \(error)")
                #expect(error.file == path)
                #expect(error.message.contains("truncated"), "\(error)")
                if error.kind == .truncated { #expect(error.message.contains("complete lines before it were read")) }
            }
        }
    }

    @Test func corruptGzip_isABadFile() throws {
        var bytes = try Data(contentsOf: URL(fileURLWithPath: fixture(Self.plain + ".gz")))
        bytes[bytes.count / 2] ^= 0xFF
        let path = try writeTemporary(bytes)
        do {
            _ = try lines(path)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .truncated || error.kind == .badFile)
            #expect(error.description.hasPrefix(path + ":"))
            #expect(error.message.contains("gzip"))
        }
    }

    @Test func garbageAfterTheLastMember_isABadFile() throws {
        var bytes = try Data(contentsOf: URL(fileURLWithPath: fixture(Self.plain + ".gz")))
        bytes.append(contentsOf: Array("date,hour,type\n".utf8))
        let path = try writeTemporary(bytes)
        #expect(throws: LayoutError.self) { try lines(path) }
    }

    @Test func shortAndNearMagicPlainFiles_passThrough() throws {
        #expect(try lines(try writeTemporary(Data(), name: "empty.csv")) == [])
        #expect(try lines(try writeTemporary(Data([0x1f]), name: "one.csv")) == ["\u{1f}"])
        #expect(try lines(try writeTemporary(Data([0x1f, 0x8a, 0x41, 0x0a, 0x42]), name: "near.csv"), inputBufferSize: 2)
                == ["\u{1f}\u{FFFD}A", "B"])
    }
}
