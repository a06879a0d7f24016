/// Follows a chunked request body (RFC 9112 §7.1) over raw bytes, to find where it ends: chunk
/// size lines (extensions ignored), chunk data, and the trailer section after the last chunk.
struct ChunkedBodyReader {
    /// Where the reader is.
    enum State: Equatable {
        /// Reading a chunk-size line; the size so far, and whether an extension began.
        case size(Int, inExtension: Bool)
        /// Reading chunk data; the bytes still to come.
        case data(Int)
        /// Expecting the CRLF after chunk data; how many of its bytes have come.
        case dataEnd(Int)
        /// Reading trailer lines; the length of the current line so far.
        case trailer(Int)
        /// The body is complete.
        case done
        /// The bytes are not a chunked body.
        case malformed
    }

    /// Where the reader is.
    private(set) var state = State.size(0, inExtension: false)
    private var sawSizeDigit = false

    /// Reads `bytes` from `index`; returns the index after the last byte of the body when it
    /// ends there, else `bytes.count`.
    mutating func read(_ bytes: UnsafeRawBufferPointer, from index: Int) -> Int {
        var position = index
        while position < bytes.count {
            switch state {
            case .done, .malformed:
                return position
            case .data(let remaining):
                let taken = min(remaining, bytes.count - position)
                position += taken
                state = taken == remaining ? .dataEnd(0) : .data(remaining - taken)
                continue
            default:
                break
            }
            let byte = bytes[position]
            position += 1
            switch state {
            case .size(let size, let inExtension):
                if byte == 0x0A {
                    guard sawSizeDigit else {
                        state = .malformed
                        break
                    }
                    sawSizeDigit = false
                    state = size == 0 ? .trailer(0) : .data(size)
                } else if byte == 0x0D || inExtension {
                    continue
                } else if byte == UInt8(ascii: ";") {
                    state = .size(size, inExtension: true)
                } else if let digit = Self.hexValue(byte), size < Int.max >> 4 {
                    sawSizeDigit = true
                    state = .size(size << 4 | digit, inExtension: false)
                } else if byte != 0x20, byte != 0x09 {
                    state = .malformed
                }
            case .dataEnd(let seen):
                if byte == 0x0A {
                    state = .size(0, inExtension: false)
                } else if byte == 0x0D, seen == 0 {
                    state = .dataEnd(1)
                } else {
                    state = .malformed
                }
            case .trailer(let length):
                if byte == 0x0A {
                    if length == 0 {
                        state = .done
                        return position
                    }
                    state = .trailer(0)
                } else if byte != 0x0D {
                    state = .trailer(length + 1)
                }
            case .data, .done, .malformed:
                break
            }
        }
        return position
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
